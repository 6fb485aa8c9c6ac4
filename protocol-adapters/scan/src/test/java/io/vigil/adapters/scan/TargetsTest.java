package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Target lists expand only to what the operator wrote; probes follow the port; frames to a host are paced. */
@Timeout(10)
class TargetsTest {

    @Test
    void aHostGetsEveryPortAndAnExplicitPortOnlyItself() {
        List<ScanTarget> targets = Targets.parse(List.of("plc1", "10.0.0.5:1502"), List.of(102, 502));
        assertThat(targets)
                .containsExactly(
                        new ScanTarget("plc1", 102, false),
                        new ScanTarget("plc1", 502, false),
                        new ScanTarget("10.0.0.5", 1502, true));
    }

    @Test
    void aSlash24ExpandsToItsHostsWithoutNetworkAndBroadcast() {
        List<ScanTarget> targets = Targets.parse(List.of("192.168.7.77/24"), List.of(502));
        assertThat(targets).hasSize(254);
        assertThat(targets.get(0).host()).isEqualTo("192.168.7.1");
        assertThat(targets.get(253).host()).isEqualTo("192.168.7.254");
    }

    @Test
    void aBlockWiderThanSlash24IsRefusedWithTheReason() {
        assertThatThrownBy(() -> Targets.parse(List.of("10.0.0.0/23"), List.of(502)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 addresses")
                .hasMessageContaining("/24");
    }

    @Test
    void garbageTargetsAndPortsAreRefused() {
        assertThatThrownBy(() -> Targets.parse(List.of("plc 1"), List.of(502))).hasMessageContaining("'plc 1'");
        assertThatThrownBy(() -> Targets.parse(List.of("plc:70000"), List.of(502)))
                .hasMessageContaining("70000");
    }

    @Test
    void settingsRefuseAFrameGapBelow250msAndMoreThanOneRetry() {
        var d = ScanSettings.defaults();
        assertThatThrownBy(() -> new ScanSettings(d.ports(), d.timeout(), 4, Duration.ofMillis(100), 1, 3))
                .hasMessageContaining("frameGap");
        assertThatThrownBy(() -> new ScanSettings(d.ports(), d.timeout(), 4, Duration.ofMillis(250), 2, 3))
                .hasMessageContaining("retries");
    }

    @Test
    void aNativePortGetsOnlyItsProbeAndAnExplicitPortEveryProbe() {
        var scanner = new Scanner(ScanSettings.defaults(), FrameGuard.strict());
        assertThat(scanner.probesFor(new ScanTarget("h", 502, false)))
                .extracting(Probe::protocol)
                .containsExactly(ScanProtocol.MODBUS_TCP);
        assertThat(scanner.probesFor(new ScanTarget("h", 102, false)))
                .extracting(Probe::protocol)
                .containsExactly(ScanProtocol.S7COMM);
        assertThat(scanner.probesFor(new ScanTarget("h", 4840, true)))
                .extracting(Probe::protocol)
                .containsExactly(
                        ScanProtocol.OPCUA,
                        ScanProtocol.S7COMM,
                        ScanProtocol.MODBUS_TCP,
                        ScanProtocol.MQTT,
                        ScanProtocol.ENIP,
                        ScanProtocol.BACNET_IP,
                        ScanProtocol.ENIP, // over UDP
                        ScanProtocol.MQTT); // over TLS
        assertThat(scanner.probesFor(new ScanTarget("h", 44818, false)))
                .extracting(p -> p.protocol() + (p.datagram() ? "/udp" : "/tcp"))
                .containsExactly("ENIP/tcp", "ENIP/udp");
        assertThat(scanner.probesFor(new ScanTarget("h", 8883, false)))
                .singleElement()
                .satisfies(p -> assertThat(p.nativePort()).isEqualTo(8883));
        assertThat(scanner.probesFor(new ScanTarget("h", 1883, false)))
                .extracting(Probe::protocol)
                .containsExactly(ScanProtocol.MQTT);
        assertThat(scanner.probesFor(new ScanTarget("h", 47808, false)))
                .extracting(Probe::protocol)
                .containsExactly(ScanProtocol.BACNET_IP);
    }

    @Test
    void thePacerKeepsFramesToAHostAGapApart() throws Exception {
        var now = new Instant[] {Instant.parse("2026-01-01T00:00:00Z")};
        var slept = new ArrayList<Duration>();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        var pacer = new Pacer(Duration.ofMillis(250), clock, d -> {
            slept.add(d);
            now[0] = now[0].plus(d);
        });
        pacer.awaitTurn();
        now[0] = now[0].plusMillis(100);
        pacer.awaitTurn();
        now[0] = now[0].plusMillis(400);
        pacer.awaitTurn();

        assertThat(slept).containsExactly(Duration.ofMillis(150));
    }
}
