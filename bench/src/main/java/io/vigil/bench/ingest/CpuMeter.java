package io.vigil.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time used so far by this JVM and by an embedded PostgreSQL (its postmaster and every process under it), so a
 * run can say where the machine's cores went. PostgreSQL's share is only known for the embedded database (its
 * {@code postmaster.pid} names the postmaster); it reads as 0 for an external one. A backend that has exited is no
 * longer counted: read the meter while the connections of interest are open.
 */
final class CpuMeter {
    private final Optional<ProcessHandle> postmaster;

    private CpuMeter(Optional<ProcessHandle> postmaster) {
        this.postmaster = postmaster;
    }

    /** A meter for the embedded PostgreSQL whose data directory is {@code pgDir} (empty when there is none). */
    static CpuMeter of(Optional<Path> pgDir) {
        return new CpuMeter(pgDir.map(d -> d.resolve("postmaster.pid"))
                .filter(Files::isReadable)
                .flatMap(CpuMeter::firstLine)
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.trim()))));
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU seconds: this JVM, and PostgreSQL. */
    double[] read() {
        return new double[] {seconds(ProcessHandle.current()), postgres()};
    }

    private double postgres() {
        return postmaster
                .map(p -> seconds(p)
                        + p.descendants().mapToDouble(CpuMeter::seconds).sum())
                .orElse(0.0);
    }

    private static double seconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
