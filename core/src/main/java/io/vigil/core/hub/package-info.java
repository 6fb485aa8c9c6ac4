/**
 * The hub seen from outside the hub module: {@link HubLauncher} (ServiceLoader) starts a hub in this process from
 * {@link HubSettings}, so the demo and the benchmarks run one without compiling against {@code cloud-hub}; {@link
 * RunningHub} and {@link HubTotals} are what they get back.
 */
package io.vigil.core.hub;
