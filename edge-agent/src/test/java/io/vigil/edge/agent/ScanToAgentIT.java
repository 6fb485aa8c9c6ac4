package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.adapters.scan.ScanCommand;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.MessageType;
import io.vigil.edge.StandInHub;
import io.vigil.edge.StandInHub.Received;
import io.vigil.edge.config.AgentConfig;
import io.vigil.testing.Await;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The "done when": {@code vigil scan 127.0.0.1:PORT --emit-config FILE} against real peers written by others
 * (pymodbus, node-opcua, snap7), and the file it writes, unchanged but for the hub address, read by the agent, which
 * forwards GOOD live samples from every peer (to a Vert.x MQTT server standing in for the hub).
 */
@Timeout(90)
class ScanToAgentIT {
    @TempDir
    static Path dir;

    static PeerProcess modbus;
    static PeerProcess opcua;
    static PeerProcess s7;
    static Vertx vertx;
    static StandInHub hub;
    static final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("opcua"));
        var opcuaStart = CompletableFuture.supplyAsync(() -> ProtocolPeers.opcua(dir.resolve("opcua")));
        modbus = ProtocolPeers.modbus();
        s7 = ProtocolPeers.s7();
        opcua = opcuaStart.join();
        vertx = Vertx.vertx();
        hub = StandInHub.start(vertx, 0, received::add);
    }

    @AfterAll
    static void stop() throws Exception {
        for (var peer : new PeerProcess[] {modbus, opcua, s7}) {
            if (peer != null) {
                peer.close();
            }
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theConfigEmittedByAScanReadsGoodLiveValuesFromEveryPeer() throws Exception {
        Path file = dir.resolve("agent.yaml");
        int exit = new CommandLine(new ScanCommand())
                .execute(
                        "127.0.0.1:" + modbus.port(),
                        "127.0.0.1:" + opcua.port(),
                        "127.0.0.1:" + s7.port(),
                        "--timeout",
                        "1s",
                        "--emit-config",
                        file.toString());
        assertThat(exit).isZero();
        String yaml = Files.readString(file);
        assertThat(yaml).contains("address: \"ns=1;s=pump.flow\"", "address: \"DB1.DBW0:INT\"", "address: \"hr:0\"");
        Files.writeString(file, yaml.replace("tcp://127.0.0.1:1883", "tcp://127.0.0.1:" + hub.port()));

        AgentConfig config = AgentConfig.read(file);
        assertThat(config.devices())
                .extracting(DeviceSpec::protocol)
                .containsExactlyInAnyOrder(Protocol.MODBUS_TCP, Protocol.OPC_UA, Protocol.S7);
        Map<String, Protocol> assets =
                config.devices().stream().collect(Collectors.toMap(DeviceSpec::asset, DeviceSpec::protocol));

        try (var agent = Agent.start(config, dir, Clock.systemUTC())) {
            Await.until("GOOD samples from every peer", Duration.ofSeconds(40), () -> assets.keySet().stream()
                    .allMatch(a -> !goodSamples(a).isEmpty()));
        }
        assertThat(goodSamples(assetOf(assets, Protocol.OPC_UA)))
                .extracting(Sample::tag)
                .contains("Pump.flow", "Pump.speed", "Pump.running");
        assertThat(goodSamples(assetOf(assets, Protocol.S7)))
                .filteredOn(s -> s.tag().equals("db1_w0"))
                .first()
                .extracting(Sample::value)
                .isEqualTo((double) 0x41AC); // first word of the REAL 21.5 the peer holds at DB1.DBD0
    }

    private static String assetOf(Map<String, Protocol> assets, Protocol protocol) {
        return assets.entrySet().stream()
                .filter(e -> e.getValue() == protocol)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static List<Sample> goodSamples(String asset) {
        return received.stream()
                .filter(r -> r.topic().type() == MessageType.DDATA
                        && r.topic().device().orElse("").equals(asset))
                .flatMap(r -> r.message().data().samples().stream())
                .filter(Sample::isGood)
                .toList();
    }
}
