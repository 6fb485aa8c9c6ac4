/**
 * The scanner's EtherNet/IP probes: one {@link ListIdentity} request, on TCP ({@link EnipProbe}) or UDP ({@link
 * EnipUdpProbe}), never a session.
 */
package io.vigil.adapters.scan.enip;
