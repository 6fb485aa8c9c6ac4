/**
 * EtherNet/IP identification for {@code vigil scan}: one ListIdentity request, over TCP
 * ({@link io.vigil.adapters.scan.enip.EnipProbe}) or, where TCP 44818 is closed, over UDP
 * ({@link io.vigil.adapters.scan.enip.EnipUdpProbe}); {@link io.vigil.adapters.scan.enip.ListIdentity} is the frame and
 * its decoder. No session is registered, so no CIP service can follow. Depends only on the scan core.
 */
package io.vigil.adapters.scan.enip;
