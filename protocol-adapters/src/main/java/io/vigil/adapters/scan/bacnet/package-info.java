/**
 * The scanner's BACnet/IP probe on UDP: one confirmed ReadProperty of the device object ({@link BacnetProbe},
 * frames in {@link BacnetFrames}).
 */
package io.vigil.adapters.scan.bacnet;
