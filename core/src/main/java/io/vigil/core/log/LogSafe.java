package io.vigil.core.log;

/**
 * Text from outside (a login name, an MQTT client id, a topic, a metric name) made safe to put in a log line: control
 * characters and line/paragraph separators are written as escapes ({@code \n}, {@code \u2028}), backslashes doubled so
 * an escape in the input cannot pass for one of ours, and anything past {@link #MAX_CHARS} cut with its length
 * named. A name holding a newline therefore can never forge a second log line, and a megabyte name costs a line.
 */
public final class LogSafe {
    public static final int MAX_CHARS = 200;

    private LogSafe() {}

    /** {@code value} escaped and cut for a log line; {@code "null"} for null. */
    public static String text(Object value) {
        String s = String.valueOf(value);
        int n = Math.min(s.length(), MAX_CHARS);
        var out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > n) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
