package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.ByteReader;
import java.util.ArrayList;
import java.util.List;

/** One decoded EndpointDescription (OPC UA Part 4, 7.14), with what the scan reports of it. */
record UaEndpoint(
        String endpointUrl,
        String applicationUri,
        String productUri,
        String applicationName,
        int applicationType,
        byte[] certificate,
        int securityMode,
        String securityPolicyUri,
        List<Integer> tokenTypes,
        int securityLevel) {

    static UaEndpoint decode(ByteReader r) {
        String url = UaBinary.string(r);
        String appUri = UaBinary.string(r);
        String productUri = UaBinary.string(r);
        String appName = UaBinary.localizedText(r);
        int appType = r.i32le();
        UaBinary.string(r); // gateway server URI
        UaBinary.string(r); // discovery profile URI
        UaBinary.stringArray(r); // discovery URLs
        byte[] cert = UaBinary.byteString(r);
        int mode = r.i32le();
        String policy = UaBinary.string(r);
        int n = UaBinary.arrayLength(r);
        var tokens = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            UaBinary.string(r); // policy id
            tokens.add(r.i32le());
            UaBinary.string(r); // issued token type
            UaBinary.string(r); // issuer endpoint URL
            UaBinary.string(r); // security policy URI
        }
        UaBinary.string(r); // transport profile URI
        int level = r.u8();
        return new UaEndpoint(url, appUri, productUri, appName, appType, cert, mode, policy, tokens, level);
    }

    /** The short policy name: the part after '#'. */
    String policyName() {
        String p = securityPolicyUri == null ? "" : securityPolicyUri;
        return p.substring(p.indexOf('#') + 1);
    }

    String modeName() {
        return switch (securityMode) {
            case 1 -> "None";
            case 2 -> "Sign";
            case 3 -> "SignAndEncrypt";
            default -> "Invalid(" + securityMode + ")";
        };
    }

    static String tokenTypeName(int t) {
        return switch (t) {
            case 0 -> "anonymous";
            case 1 -> "username";
            case 2 -> "certificate";
            case 3 -> "issued_token";
            default -> "type_" + t;
        };
    }

    static String applicationTypeName(int t) {
        return switch (t) {
            case 0 -> "Server";
            case 1 -> "Client";
            case 2 -> "ClientAndServer";
            case 3 -> "DiscoveryServer";
            default -> "type_" + t;
        };
    }
}
