package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.Hex;
import java.nio.charset.StandardCharsets;

/** Golden EtherNet/IP frames written from the specification's byte layouts, shared by the tests. */
public final class EnipGolden {
    /** A ControlLogix-like identity: vendor 1, PLC, product 54, revision 20.11, serial 0x11223344, state 3. */
    public static final String REPLY = "6300" + "3c00" + "00000000" + "00000000" + "766967696c73636e" + "00000000"
            + "0100" // one item
            + "0c00" + "3600" // CIP Identity, 54 bytes
            + "0100" // encapsulation version 1
            + "0002" + "af12" + "c0a8010a" + "0000000000000000" // AF_INET, 44818, 192.168.1.10 (network order)
            + "0100" + "0e00" + "3600" // vendor 1, device type 0x0E, product code 54
            + "140b" + "6030" + "44332211" // revision 20.11, status 0x3060, serial
            + "14" + Hex.of("1756-L61/B LOGIX5561".getBytes(StandardCharsets.US_ASCII))
            + "03";

    private EnipGolden() {}
}
