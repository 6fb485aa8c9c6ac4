package io.vigil.bench.protocol;

import io.vigil.bench.BenchRun;
import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench modbus-poll}: Vigil's Modbus adapter against j2mod and pymodbus's client, same server. */
@Command(
        name = "modbus-poll",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Starts Debian's pymodbus 3.0.0 server (/usr/bin/python3 with python3-pymodbus) on loopback and polls its"
                    + " holding registers back-to-back, one client after the other in the same run: Vigil's"
                    + " ModbusAdapter (tags alternating float32/int16), j2mod's raw ModbusTCPMaster, and pymodbus's"
                    + " own synchronous ModbusTcpClient (a Python subprocess). Reports polls/s, p50/p99 per poll, the"
                    + " server's CPU per phase, and the ratio Vigil / pymodbus client.",
            "Progress goes to stderr; with --json the figures are one JSON object on the last line of stdout."
        })
public final class ModbusPollBenchCommand extends BenchRun {
    @Option(
            names = "--duration",
            description = "Measured time per client.",
            defaultValue = "20s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--warmup",
            description = "Unmeasured polling before each client's measured time.",
            defaultValue = "3s",
            converter = DurationConverter.class)
    Duration warmup;

    @Option(
            names = "--registers",
            description = "Holding registers read per poll (from 0, requests of at most 125).",
            defaultValue = "100")
    int registers;

    @Option(
            names = "--tags",
            description = "Vigil tags covering the registers (float32/int16 alternating); 0 = as many as fit.",
            defaultValue = "0")
    int tags;

    @Override
    protected void check() {
        if (registers < 1 || registers > 10_000) {
            throw new UsageException("--registers " + registers + " must be in 1..10000");
        }
        int max = ModbusPollBench.maxTags(registers);
        if (tags < 0 || tags > max) {
            throw new UsageException("--tags " + tags + " must be in 0.." + max + " for " + registers + " registers");
        }
        if (duration.toMillis() < 1000 || warmup.isNegative()) {
            throw new UsageException("--duration " + duration + " must be at least 1s and --warmup not negative");
        }
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        int max = ModbusPollBench.maxTags(registers);
        return new ModbusPollBench(duration, warmup, registers, tags == 0 ? max : tags, progress).run(scratch());
    }
}
