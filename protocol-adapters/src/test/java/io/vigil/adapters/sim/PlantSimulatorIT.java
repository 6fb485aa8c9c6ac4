package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.modbus.ModbusAdapter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.sample.Sample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PlantSimulatorIT {
    private static PlantSimulator plant;

    @BeforeAll
    static void startPlant() {
        plant = PlantSimulator.start(
                new SimulatorSettings("127.0.0.1", 0, 0, 2, Duration.ofSeconds(60), 42), Clock.systemUTC());
    }

    @AfterAll
    static void stopPlant() {
        plant.close();
    }

    private static double vibration(ModbusAdapter adapter) throws Exception {
        List<Sample> samples = adapter.read().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return samples.get(PumpTags.ids().indexOf(PumpTags.VIBRATION)).value();
    }

    @Test
    void anInjectedFaultShowsOnTheWireAndHealsAgain() throws Exception {
        try (var adapter = new ModbusAdapter(plant.modbusDevice(2, Duration.ofMillis(100)))) {
            adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
            double healthy = vibration(adapter);

            plant.inject(2, Fault.BEARING_WEAR, Duration.ZERO);
            plant.tick();
            double worn = vibration(adapter);

            plant.inject(2, Fault.NONE, Duration.ZERO);
            plant.tick();
            assertThat(healthy).isLessThan(3.5);
            assertThat(worn).isGreaterThan(healthy + 5);
            assertThat(vibration(adapter)).isLessThan(3.5);
        }
    }

    @Test
    void aTakenPortIsRefusedWithItsNumber() {
        var clash = new SimulatorSettings("127.0.0.1", plant.modbusPort(), 0, 1, Duration.ofSeconds(1), 1);
        assertThatThrownBy(() -> PlantSimulator.start(clash, Clock.systemUTC()))
                .hasMessageContaining("Modbus simulator cannot listen on 127.0.0.1:" + plant.modbusPort());
    }

    @Test
    void refusesAPumpThatDoesNotExist() {
        assertThatThrownBy(() -> plant.inject(3, Fault.CAVITATION, Duration.ZERO))
                .hasMessageContaining("pump 3 does not exist; the plant has pumps 1-2");
    }

    @Test
    void simulateCommandPrintsTheEndpointsAndStopsOnTime() {
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(
                "simulate",
                "--modbus-port",
                "0",
                "--opcua-port",
                "0",
                "--pumps",
                "1",
                "--for",
                "200ms",
                "--fault",
                "cavitation",
                "--fault-after",
                "50ms");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("Modbus TCP  127.0.0.1:")
                .contains("OPC UA      opc.tcp://127.0.0.1:")
                .contains("pump1    pressure      hr:2:cdab");
    }

    @Test
    void simulateCommandRefusesABusyPortAsUsage() {
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(
                "simulate", "--modbus-port", String.valueOf(plant.modbusPort()), "--opcua-port", "0", "--for", "100ms");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + plant.modbusPort());
    }
}
