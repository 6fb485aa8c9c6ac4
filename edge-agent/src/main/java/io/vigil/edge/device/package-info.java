/**
 * Keeping devices read: one {@link DeviceRunner} per device polls or subscribes through its adapter, reports what
 * it reads and its health to a {@link DeviceListener}, and reconnects with {@link Backoff} when the device goes
 * away.
 */
package io.vigil.edge.device;
