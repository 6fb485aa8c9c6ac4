package io.vigil.adapters.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.adapters.scan.bacnet.BacnetReplies;
import io.vigil.adapters.scan.enip.EnipReplies;
import io.vigil.adapters.scan.modbus.ModbusReplies;
import io.vigil.adapters.scan.mqtt.MqttReplies;
import io.vigil.adapters.scan.opcua.OpcUaReplies;
import io.vigil.adapters.scan.s7.S7Replies;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of every probe's reply parsers: the first byte picks the protocol, the rest is the
 * reply. Each entry catches only the scanner's own classifications (MalformedReplyException, S7comm-plus, an OPC UA
 * server error), so any other exception (an index out of bounds, a NumberFormatException, a negative array size) is a
 * finding. One test, because Jazzer fuzzes one test per JVM: the surefire execution {@code fuzz} runs it with
 * JAZZER_FUZZ=1 for {@code maxDuration}, after replaying the committed seeds in
 * {@code ScanReplyParsersFuzzTestInputs}. JUnit's @Timeout doubles as Jazzer's per-input limit, so an input that
 * loops fails the run.
 */
class ScanReplyParsersFuzzTest {
    static final List<Consumer<byte[]>> PARSERS = List.of(
            ModbusReplies::parse,
            OpcUaReplies::parse,
            S7Replies::parse,
            EnipReplies::parse,
            BacnetReplies::parse,
            MqttReplies::parse);

    @FuzzTest(maxDuration = "20s")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyReplyParserOnlyEverClassifies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        PARSERS.get((input[0] & 0xFF) % PARSERS.size()).accept(Arrays.copyOfRange(input, 1, input.length));
    }
}
