package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.adapters.modbus.ModbusAdapter;
import io.vigil.adapters.opcua.OpcUaAdapter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.sample.Sample;
import io.vigil.testing.Await;
import io.vigil.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator read by the module's real drivers (j2mod master, Milo client) over loopback. */
@Timeout(60)
class PlantSimulatorIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static PlantSimulator still;

    @BeforeAll
    static void startPlant() {
        // A one-minute tick keeps the values still while a test compares them; tests call tick() themselves.
        still = PlantSimulator.start(
                new SimulatorSettings("127.0.0.1", 0, 0, 2, Duration.ofSeconds(60), 42), Clock.systemUTC());
    }

    @AfterAll
    static void stopPlant() {
        still.close();
    }

    private static double[] values(List<Sample> samples) {
        assertThat(samples).extracting(Sample::tag).containsExactlyElementsOf(PumpTags.ids());
        assertThat(samples).allMatch(Sample::isGood);
        return samples.stream().mapToDouble(Sample::value).toArray();
    }

    private static void assertFloat32Equal(double[] actual, PumpReading expected) {
        double[] want = expected.toArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(actual[i]).as(PumpTags.ids().get(i)).isCloseTo(want[i], within(Math.abs(want[i]) * 1e-6));
        }
    }

    @Test
    void modbusAdapterReadsTheEightSignalsOfTheModelsCurrentReading() throws Exception {
        try (var adapter = new ModbusAdapter(still.modbusDevice(2, INTERVAL))) {
            Await.result(adapter.connect());
            still.tick();
            PumpReading expected = still.reading(2);

            assertFloat32Equal(values(Await.result(adapter.read())), expected);
            assertThat(adapter.requestsPerRead()).isEqualTo(1);
        }
    }

    @Test
    void opcUaAdapterReadsTheExactDoublesOfTheCurrentReading() throws Exception {
        try (var adapter = new OpcUaAdapter(still.opcUaDevice(1, INTERVAL))) {
            Await.result(adapter.connect());
            still.tick();
            PumpReading expected = still.reading(1);

            assertThat(values(Await.result(adapter.read()))).containsExactly(expected.toArray());
        }
    }

    @Test
    void atSpeedTenTheFirstValveClosureShowsOnTheWireAfterThreeSeconds() throws Exception {
        var settings = SimulatorSettings.ephemeral(1).withSpeed(10);
        try (var fast = PlantSimulator.start(settings, Clock.systemUTC());
                var adapter = new ModbusAdapter(fast.modbusDevice(1, INTERVAL))) {
            Instant start = fast.plantClock().start();
            FaultInterval first = fast.faultIntervals().get(0);
            assertThat(first)
                    .isEqualTo(new FaultInterval(FaultKind.VALVE_CLOSURE, start.plusSeconds(3), start.plusSeconds(5)));
            assertThat(fast.faultIntervals().get(1).start()).isEqualTo(start.plusSeconds(9));

            Await.result(adapter.connect());
            int flow = PumpTags.ids().indexOf(PumpTags.FLOW);
            double seen = Double.MAX_VALUE;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (seen > 25 && System.nanoTime() < deadline) {
                seen = Await.result(adapter.read()).get(flow).value();
            }
            Instant dropped = Instant.now();
            assertThat(seen).as("flow during the valve closure").isLessThan(25);
            assertThat(dropped).isAfterOrEqualTo(first.start());
        }
    }

    @Test
    void replaysSkabRowsOverModbusAndPublishesTheirAnomalies() throws Exception {
        Path file = SharedData.skab().resolve("valve1/0.csv");
        var settings = new SimulatorSettings("127.0.0.1", 0, 0, 2, Duration.ofSeconds(60), 1).withReplay(file);
        try (var replay = PlantSimulator.start(settings, Clock.systemUTC());
                var adapter = new ModbusAdapter(replay.modbusDevice(1, INTERVAL))) {
            Await.result(adapter.connect());
            replay.tick();

            assertThat(replay.reading(1)).isEqualTo(CsvReplay.read(file).row(0));
            assertFloat32Equal(values(Await.result(adapter.read())), replay.reading(1));
            assertThat(replay.reading(2))
                    .as("pump2 starts half-way")
                    .isEqualTo(CsvReplay.read(file).row(573));
            FaultInterval anomaly = replay.faultIntervals().get(0);
            assertThat(anomaly.kind()).isEqualTo(FaultKind.REPLAYED);
            assertThat(anomaly.start()).isEqualTo(replay.plantClock().start().plusSeconds(573));
            assertThatThrownBy(() -> replay.inject(1, FaultKind.CAVITATION, Duration.ofSeconds(5)))
                    .hasMessageContaining("cannot inject a fault into pump1: it replays");
        }
    }

    @Test
    void aTakenPortIsRefusedNamingProtocolAndPort() throws Exception {
        var modbusClash = new SimulatorSettings("127.0.0.1", still.modbusPort(), 0, 1, Duration.ofSeconds(1), 1);
        assertThatThrownBy(() -> PlantSimulator.start(modbusClash, Clock.systemUTC()))
                .hasMessageContaining("Modbus simulator cannot listen on 127.0.0.1:" + still.modbusPort());

        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var opcUaClash = new SimulatorSettings("127.0.0.1", 0, taken.getLocalPort(), 1, Duration.ofSeconds(1), 1);
            assertThatThrownBy(() -> PlantSimulator.start(opcUaClash, Clock.systemUTC()))
                    .hasMessageContaining(
                            "OPC UA simulator cannot listen at opc.tcp://127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aClosedSimulatorFreesItsPortsForTheNextOne() throws Exception {
        var first = PlantSimulator.start(SimulatorSettings.ephemeral(1), Clock.systemUTC());
        int modbusPort = first.modbusPort();
        first.close();
        var settings = new SimulatorSettings("127.0.0.1", modbusPort, 0, 1, Duration.ofSeconds(1), 1);
        try (var second = PlantSimulator.start(settings, Clock.systemUTC());
                var adapter = new ModbusAdapter(second.modbusDevice(1, INTERVAL))) {
            Await.result(adapter.connect());
            assertThat(Await.result(adapter.read())).hasSize(8).allMatch(Sample::isGood);
        }
    }

    @Test
    void refusesAPumpThatDoesNotExist() {
        assertThatThrownBy(() -> still.inject(3, FaultKind.CAVITATION, Duration.ofSeconds(1)))
                .hasMessageContaining("pump 3 does not exist; the plant has pumps 1-2");
    }

    @Test
    void simCommandPrintsEndpointsLayoutAndScheduleAndStopsOnTime() {
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(
                "sim",
                "--modbus-port",
                "0",
                "--opcua-port",
                "0",
                "--pumps",
                "1",
                "--speed",
                "10",
                "--duration",
                "300ms");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("Modbus TCP  127.0.0.1:")
                .contains("OPC UA      opc.tcp://127.0.0.1:")
                .contains("pressure    bar    float32  hr:6:cdab")
                .contains("Fault schedule (wall clock, UTC; every pump)")
                .contains("valve_closure")
                .contains("rotor_imbalance");
    }

    @Test
    void simCommandRefusesABusyPortAsUsage() {
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(
                "sim", "--modbus-port", String.valueOf(still.modbusPort()), "--opcua-port", "0", "--duration", "100ms");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Modbus simulator cannot listen on 127.0.0.1:" + still.modbusPort());
    }
}
