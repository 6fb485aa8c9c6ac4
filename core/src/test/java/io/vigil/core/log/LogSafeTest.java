package io.vigil.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void aNewlineCannotStartAForgedLogLine() {
        String forged = "ada\n2026-12-07 05:00:00 INFO login succeeded for admin";

        assertThat(LogSafe.text(forged))
                .doesNotContain("\n")
                .isEqualTo("ada\\n2026-12-07 05:00:00 INFO login succeeded for admin");
    }

    @Test
    void escapesEveryControlAndSeparatorCharacterAndDoublesBackslashes() {
        assertThat(LogSafe.text("a\r\tb\u0000c\u001bd\u2028e\u0085f\\n"))
                .isEqualTo("a\\r\\tb\\u0000c\\u001bd\\u2028e\\u0085f\\\\n");
    }

    @Test
    void cutsLongTextNamingItsLength() {
        String s = LogSafe.text("x".repeat(1_000_000));

        assertThat(s).hasSize(LogSafe.MAX_CHARS + "...(1000000 chars)".length()).endsWith("...(1000000 chars)");
    }

    @Test
    void leavesOrdinaryTextAloneAndNamesNull() {
        assertThat(LogSafe.text("pump-1/flow °C ü")).isEqualTo("pump-1/flow °C ü");
        assertThat(LogSafe.text(null)).isEqualTo("null");
    }
}
