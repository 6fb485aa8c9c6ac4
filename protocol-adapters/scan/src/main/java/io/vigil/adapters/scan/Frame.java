package io.vigil.adapters.scan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/** One frame exchanged with a target: {@code tx} (sent) or {@code rx} (received), as hex. */
public record Frame(String dir, String hex) {
    public Frame {
        if (!"tx".equals(dir) && !"rx".equals(dir)) {
            throw new IllegalArgumentException("dir must be tx or rx, not " + dir);
        }
        Objects.requireNonNull(hex, "hex");
    }

    public static Frame sent(byte[] bytes) {
        return new Frame("tx", Hex.of(bytes));
    }

    public static Frame received(byte[] bytes) {
        return new Frame("rx", Hex.of(bytes));
    }

    @JsonIgnore
    public boolean isSent() {
        return dir.equals("tx");
    }
}
