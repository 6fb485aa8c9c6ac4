/**
 * BACnet/IP identification over UDP 47808 for {@code vigil scan}: {@link io.vigil.adapters.scan.bacnet.BacnetProbe}
 * reads the device object's identification properties with ReadProperty (or one ReadPropertyMultiple where the device
 * lists it), never Who-Is or a broadcast; {@link io.vigil.adapters.scan.bacnet.BacnetFrames} encodes the request and
 * decodes the replies. Depends only on the scan core.
 */
package io.vigil.adapters.scan.bacnet;
