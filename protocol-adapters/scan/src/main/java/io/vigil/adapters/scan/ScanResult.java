package io.vigil.adapters.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the scan found at one target. {@code confidence} (0..1) is the sum of the weights of the {@code evidence}
 * lines; {@code error} says why a target could not be classified (refused, timed out, breaker open), absent otherwise.
 */
@JsonPropertyOrder({
    "target",
    "protocol",
    "confidence",
    "evidence",
    "identity",
    "driver_hints",
    "safety",
    "frames",
    "error"
})
public record ScanResult(
        String target,
        ScanProtocol protocol,
        double confidence,
        List<String> evidence,
        Map<String, IdentityField> identity,
        @JsonProperty("driver_hints") Map<String, Object> driverHints,
        List<String> safety,
        List<Frame> frames,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    public ScanResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(protocol, "protocol");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in 0..1, not " + confidence);
        }
        evidence = List.copyOf(evidence);
        identity = Collections.unmodifiableMap(new LinkedHashMap<>(identity));
        driverHints = Collections.unmodifiableMap(new LinkedHashMap<>(driverHints));
        safety = List.copyOf(safety);
        frames = List.copyOf(frames);
    }

    /** A target nothing was recognized at. */
    public static ScanResult unknown(ScanTarget target, List<String> evidence, List<Frame> frames, String error) {
        return new ScanResult(
                target.label(), ScanProtocol.UNKNOWN, 0, evidence, Map.of(), Map.of(), List.of(), frames, error);
    }

    /** An identity value, or empty text. */
    public String identityValue(String key) {
        IdentityField f = identity.get(key);
        return f == null ? "" : f.value();
    }
}
