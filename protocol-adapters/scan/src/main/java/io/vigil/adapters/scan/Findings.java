package io.vigil.adapters.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a probe learns while it talks to a target; becomes a {@link ScanResult}. Evidence lines carry weights that add
 * up to the confidence: framing valid, application reply valid, identity consistent.
 */
public final class Findings {
    private final ScanProtocol protocol;
    private final List<String> evidence = new ArrayList<>();
    private final Map<String, IdentityField> identity = new LinkedHashMap<>();
    private final Map<String, Object> hints = new LinkedHashMap<>();
    private final List<String> safety = new ArrayList<>();
    private double confidence;
    private ScanProtocol variant;

    public Findings(ScanProtocol protocol) {
        this.protocol = protocol;
        this.variant = protocol;
    }

    /** Adds an evidence line with its weight towards the confidence. */
    public Findings evidence(double weight, String line) {
        confidence = Math.min(1.0, confidence + weight);
        evidence.add(line);
        return this;
    }

    /** Adds an evidence line that does not change the confidence (a note, or a reason something was not seen). */
    public Findings note(String line) {
        evidence.add(line);
        return this;
    }

    public Findings read(String key, String value) {
        if (value != null && !value.isBlank()) {
            identity.put(key, IdentityField.read(value.strip()));
        }
        return this;
    }

    public Findings derived(String key, String value) {
        if (value != null && !value.isBlank()) {
            identity.put(key, IdentityField.derived(value.strip()));
        }
        return this;
    }

    public Findings hint(String key, Object value) {
        hints.put(key, value);
        return this;
    }

    public Findings safety(String flag) {
        safety.add(flag);
        return this;
    }

    /** Reports a variant of the probe's protocol (e.g. S7comm-plus behind an S7 probe). */
    public Findings variant(ScanProtocol v) {
        this.variant = v;
        return this;
    }

    public ScanProtocol protocol() {
        return protocol;
    }

    public double confidence() {
        return confidence;
    }

    public boolean recognized() {
        return confidence > 0;
    }

    public IdentityField identity(String key) {
        return identity.get(key);
    }

    ScanResult toResult(ScanTarget target, List<Frame> frames) {
        double rounded = Math.round(confidence * 100) / 100.0;
        return new ScanResult(target.label(), variant, rounded, evidence, identity, hints, safety, frames, null);
    }

    List<String> evidence() {
        return evidence;
    }
}
