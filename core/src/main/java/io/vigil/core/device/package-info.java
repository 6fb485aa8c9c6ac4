/**
 * The device SPI between the agent and the protocol drivers: a {@link DeviceAdapter} reads or subscribes to one
 * device, a {@link DeviceAdapterProvider} (ServiceLoader) creates them for one {@link Protocol}, and {@link
 * DeviceSpec} with {@link DeviceSecurity} says which device and how. {@link DeviceCalls} runs a driver's blocking
 * call on the adapter's own thread; {@link TagBrowser} lets tools list a device's tags without depending on its
 * driver.
 */
package io.vigil.core.device;
