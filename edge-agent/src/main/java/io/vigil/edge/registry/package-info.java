/**
 * Following the hub's model registry: {@link RegistrySync} polls the agent's assignments through the {@link
 * RegistryClient}, downloads and verifies packages, hands them to the running agent ({@link ModelHost}) and reports
 * decisions, drift and rejections back.
 */
package io.vigil.edge.registry;
