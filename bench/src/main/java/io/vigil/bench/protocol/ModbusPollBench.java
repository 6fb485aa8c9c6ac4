package io.vigil.bench.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.vigil.adapters.modbus.ModbusAdapter;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.json.Json;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Peer;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.Peers;
import io.vigil.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Polls Debian's pymodbus 3.0.0 server back-to-back with three clients, one after the other, in the same run against
 * the same server: Vigil's {@link ModbusAdapter} reading tags (float32 and int16 alternating) that cover the
 * registers, j2mod's raw {@link ModbusTCPMaster} reading the same registers, and pymodbus's own synchronous client (a
 * Python process). Each client polls for a warm-up, then for the measured duration; one poll reads every register, in
 * requests of at most 125 registers. The pymodbus server is single-threaded Python, so on loopback it is usually the
 * bottleneck for all three: its CPU time per phase is reported too.
 */
final class ModbusPollBench {
    private static final int PER_REQUEST = 125;

    private final Duration duration;
    private final Duration warmup;
    private final int registers;
    private final int tags;
    private final PrintStream progress;
    private int requestsPerPoll;

    ModbusPollBench(Duration duration, Duration warmup, int registers, int tags, PrintStream progress) {
        this.duration = duration;
        this.warmup = warmup;
        this.registers = registers;
        this.tags = tags;
        this.progress = progress;
    }

    /** How many alternating float32/int16 tags cover {@code registers} exactly (see {@link #tagSpecs}). */
    static int maxTags(int registers) {
        return registers / 3 * 2 + (registers % 3 == 0 ? 0 : 1);
    }

    /**
     * Tag {@code i} is float32 when {@code i} is even, int16 when odd (or when only one register is left), laid out
     * without gaps from register 0.
     */
    static List<TagSpec> tagSpecs(int count, int registers) {
        var out = new ArrayList<TagSpec>(count);
        int offset = 0;
        for (int i = 0; i < count; i++) {
            DataType type = i % 2 == 0 && offset + 2 <= registers ? DataType.FLOAT32 : DataType.INT16;
            out.add(new TagSpec("t" + i, "hr:" + offset, type));
            offset += type.registers();
        }
        return out;
    }

    Map<String, Object> run(Path workDir) throws Exception {
        Path python = Peers.require(Peer.PYMODBUS);
        int port = Ports.free();
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "modbus-poll");
        figures.put("registers", registers);
        figures.put("tags", tags);
        figures.put("duration_s", duration.toMillis() / 1000.0);
        figures.put("server", "pymodbus 3.0.0 (Debian python3-pymodbus), asyncio TCP server on 127.0.0.1");
        try (var server = python(python, workDir, "pymodbus_server.py", port, Integer.toString(port), "" + registers)) {
            server.awaitPort(Duration.ofSeconds(20));
            progress.printf("pymodbus server on 127.0.0.1:%d with %d holding registers%n", port, registers);
            PollFigures vigil = pollVigil(port, server);
            PollFigures j2mod = pollJ2mod(port, server);
            PollFigures pymodbus = pollPymodbus(python, workDir, port, server);
            figures.putAll(vigil.toMap("vigil"));
            figures.put("vigil_requests_per_poll", requestsPerPoll);
            figures.putAll(j2mod.toMap("j2mod"));
            figures.putAll(pymodbus.toMap("pymodbus_client"));
            figures.put("ratio_vigil_to_pymodbus_client", ratio(vigil, pymodbus));
            figures.put("ratio_vigil_to_j2mod", ratio(vigil, j2mod));
        }
        return figures;
    }

    private PollFigures pollVigil(int port, PeerProcess server) throws Exception {
        progress.printf("Vigil ModbusAdapter: %d tags, %s warm-up + %s%n", tags, warmup, duration);
        try (var adapter = new ModbusAdapter(deviceSpec(port))) {
            adapter.connect().toCompletableFuture().join();
            requestsPerPoll = adapter.requestsPerRead();
            return measure(server, () -> {
                List<Sample> samples = adapter.read().toCompletableFuture().join();
                return samples.size() == tags && samples.stream().allMatch(Sample::isGood);
            });
        }
    }

    private PollFigures pollJ2mod(int port, PeerProcess server) throws Exception {
        progress.printf("j2mod ModbusTCPMaster: %d registers, %s warm-up + %s%n", registers, warmup, duration);
        var master = new ModbusTCPMaster("127.0.0.1", port, 3_000, false);
        master.connect();
        try {
            return measure(server, () -> {
                boolean ok = true;
                for (int start = 0; start < registers; start += PER_REQUEST) {
                    int count = Math.min(PER_REQUEST, registers - start);
                    ok &= master.readMultipleRegisters(1, start, count).length == count;
                }
                return ok;
            });
        } finally {
            master.disconnect();
        }
    }

    private PollFigures pollPymodbus(Path python, Path workDir, int port, PeerProcess server) {
        progress.printf("pymodbus ModbusTcpClient: %d registers, %s warm-up + %s%n", registers, warmup, duration);
        double cpuBefore = seconds(server.cpu());
        try (var client = python(
                python,
                workDir,
                "pymodbus_client.py",
                0,
                Integer.toString(port),
                Integer.toString(registers),
                Double.toString(warmup.toMillis() / 1000.0),
                Double.toString(duration.toMillis() / 1000.0))) {
            String line = client.awaitLastLine(duration.plus(warmup).plusSeconds(30));
            JsonNode json;
            try {
                json = Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("the pymodbus client printed no JSON: " + line, e);
            }
            if (json.has("error")) {
                throw new IllegalStateException(
                        "the pymodbus client failed: " + json.get("error").asText());
            }
            // The server's CPU includes the warm-up here; scale it to the measured share.
            double share = duration.toMillis() / (double) duration.plus(warmup).toMillis();
            return new PollFigures(
                    json.get("polls").asLong(),
                    json.get("errors").asLong(),
                    json.get("seconds").asDouble(),
                    json.get("p50_us").asDouble(),
                    json.get("p99_us").asDouble(),
                    (seconds(server.cpu()) - cpuBefore) * share);
        }
    }

    /** One poll; false when it read a bad value. */
    private interface Poll {
        boolean once() throws Exception;
    }

    private PollFigures measure(PeerProcess server, Poll poll) throws Exception {
        long warmEnd = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < warmEnd) {
            poll.once();
        }
        var nanos = new Histogram(3);
        long polls = 0;
        long errors = 0;
        double cpuBefore = seconds(server.cpu());
        long begin = System.nanoTime();
        long end = begin + duration.toNanos();
        long now = begin;
        while (now < end) {
            long t0 = System.nanoTime();
            if (!poll.once()) {
                errors++;
            }
            now = System.nanoTime();
            nanos.recordValue(now - t0);
            polls++;
        }
        return PollFigures.of(polls, errors, (now - begin) / 1e9, nanos, seconds(server.cpu()) - cpuBefore);
    }

    private DeviceSpec deviceSpec(int port) {
        return new DeviceSpec(
                "bench",
                "bench",
                Protocol.MODBUS_TCP,
                "127.0.0.1:" + port,
                Duration.ofSeconds(1),
                tagSpecs(tags, registers));
    }

    private static double ratio(PollFigures a, PollFigures b) {
        return Math.round(a.pollsPerSecond() / b.pollsPerSecond() * 100.0) / 100.0;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /**
     * Runs {@code script} (a resource next to this class, copied into {@code workDir}) with Debian's Python, whose
     * pymodbus the kit has checked; {@code listens} is the port a server script will listen on (0 for a client).
     */
    private static PeerProcess python(Path python, Path workDir, String script, int listens, String... args) {
        Path file = workDir.resolve(script);
        try (InputStream in = ModbusPollBench.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("resource " + script + " is missing from the bench jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        var command = new ArrayList<>(List.of(python.toString(), "-u", file.toString()));
        command.addAll(List.of(args));
        return PeerProcess.start(script, command, listens, Map.of(), null);
    }
}
