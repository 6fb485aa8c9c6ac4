package io.vigil.bench.protocol;

import io.vigil.adapters.scan.ScanSettings;
import io.vigil.bench.BenchRun;
import io.vigil.core.cli.UsageException;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench scan}: the scanner's wall time over a loopback fleet, with the etiquette on. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Starts a fleet of loopback devices, one per address 127.1.X.Y (Milo servers on 4840, j2mod Modbus slaves"
                    + " on 502, silent sockets on 502 that accept and never answer, and closed addresses) and scans"
                    + " every one with the shipped etiquette (250 ms between frames to a host, one connection per"
                    + " host, 2 s timeout, one retry). Reports scan time, targets/s, frames per kind and the pacing"
                    + " floor that explains the time. Needs root or CAP_NET_BIND_SERVICE (ports 502 and 4840).",
            "Progress goes to stderr; with --json the figures are one JSON object on the last line of stdout."
        })
public final class ScanBenchCommand extends BenchRun {
    @Option(names = "--targets", description = "Targets, each on its own loopback address.", defaultValue = "256")
    int targets;

    @Option(names = "--opcua", description = "Targets that are Milo OPC UA servers.", defaultValue = "2")
    int opcua;

    @Option(names = "--modbus", description = "Targets that are j2mod Modbus TCP slaves.", defaultValue = "94")
    int modbus;

    @Option(names = "--silent", description = "Targets that accept and never answer.", defaultValue = "32")
    int silent;

    @Option(
            names = "--parallel-hosts",
            description = "Hosts scanned at once (the scanner's default is 4, its ceiling 16).",
            defaultValue = "" + ScanSettings.DEFAULT_PARALLEL_HOSTS)
    int parallelHosts;

    @Override
    protected void check() {
        if (targets < 1 || targets > 1000 || opcua < 0 || opcua > 8 || modbus < 0 || silent < 0) {
            throw new UsageException("--targets " + targets + " must be 1..1000, --opcua " + opcua
                    + " 0..8, --modbus and --silent not negative");
        }
        if (opcua + modbus + silent > targets) {
            throw new UsageException("--opcua + --modbus + --silent (" + (opcua + modbus + silent)
                    + ") must not exceed --targets " + targets);
        }
        if (parallelHosts < 1 || parallelHosts > ScanSettings.MAX_PARALLEL_HOSTS) {
            throw new UsageException(
                    "--parallel-hosts " + parallelHosts + " must be 1.." + ScanSettings.MAX_PARALLEL_HOSTS);
        }
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        return new ScanBench(targets, opcua, modbus, silent, parallelHosts, progress).run();
    }
}
