package io.vigil.adapters.scan.bacnet;

/**
 * Golden BACnet/IP replies written from ASHRAE 135's byte layouts (BVLC annex J, NPDU clause 6, APDU and tags clause
 * 20), for device instance 260001. Shared by the tests and the fuzz seeds.
 */
public final class BacnetGolden {
    /** ComplexACK, invoke id 1: object-identifier (75) = device 260001. */
    public static final String ACK_OBJECT_IDENTIFIER =
            "810a0017" + "0100" + "30010c" + "0c0203f7a1" + "194b" + "3e" + "c40203f7a1" + "3f";

    /** ComplexACK, invoke id 2: vendor-name (121) = "Vigil Test Controls" (character set 0, UTF-8). */
    public static final String ACK_VENDOR_NAME = "810a0028" + "0100" + "30020c" + "0c0203f7a1" + "1979" + "3e"
            + "751400" + "566967696c205465737420436f6e74726f6c73" + "3f";

    /** Error, invoke id 3, ReadProperty: class property (2), code unknown-property (32). */
    public static final String ERROR_UNKNOWN_PROPERTY = "810a000d" + "0100" + "50030c" + "9102" + "9120";

    /** The object-identifier ACK coming through a router: NPDU with SNET 5, SLEN 1, SADR 0x2a. */
    public static final String ROUTED_ACK =
            "810a001b" + "01080005012a" + "30010c" + "0c0203f7a1" + "194b" + "3e" + "c40203f7a1" + "3f";

    private BacnetGolden() {}
}
