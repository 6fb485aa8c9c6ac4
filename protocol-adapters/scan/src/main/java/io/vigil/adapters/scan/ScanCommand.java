package io.vigil.adapters.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.Protocol;
import io.vigil.core.device.TagBrowser;
import io.vigil.core.json.Json;
import io.vigil.core.tag.TagSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil scan}: fingerprints the listed targets and prints, or writes, what they are. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Safely fingerprints Modbus TCP (502), OPC UA (4840), Siemens S7 (102), EtherNet/IP (44818), BACnet/IP"
                    + " (UDP 47808) devices and MQTT brokers (1883, TLS 8883): protocol, identity, driver hints and safety flags"
                    + " per target.",
            "Only listed targets are touched; one connection per host at a time, >= 250 ms between frames to a host,"
                    + " at most one retry, and only identification and read frames (see docs/SCANNING.md)."
        })
public final class ScanCommand implements Callable<Integer> {
    private static final int BROWSE_DEPTH = 4;
    private static final int BROWSE_MAX_TAGS = 200;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "TARGET",
            description = "host, host:port (every probe is tried on it, one at a time) or an IPv4 block a.b.c.d/nn"
                    + " (at most a /24).")
    List<String> targets;

    @Option(
            names = "--ports",
            split = ",",
            defaultValue = "102,502,1883,4840,8883,44818,47808",
            description = "Ports scanned on targets given without a port; each gets its native probe.")
    List<Integer> ports;

    @Option(names = "--json", description = "Print one JSON array, an object per target, instead of a table.")
    boolean json;

    @Option(
            names = "--emit-config",
            paramLabel = "FILE",
            defaultValue = "none",
            description = "Also write an agent configuration (devices section) for what was found to FILE.")
    String emitConfig;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "2s",
            description = "Connect and reply timeout per frame (50ms-30s).")
    Duration timeout;

    @Option(
            names = "--parallel-hosts",
            defaultValue = "4",
            description = "Hosts scanned at the same time (1-16); each host still gets one connection at a time.")
    int parallelHosts;

    @Override
    public Integer call() throws InterruptedException {
        ScanSettings settings;
        List<ScanTarget> list;
        try {
            settings = ScanSettings.defaults()
                    .withPorts(ports)
                    .withTimeout(timeout)
                    .withParallelHosts(parallelHosts);
            list = Targets.parse(targets, settings.ports());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<ScanResult> results = run(settings, list);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(results) + "\n" : table(results));
        out.flush();
        if (!emitConfig.equals("none")) {
            write(Path.of(emitConfig), AgentConfigDraft.yaml(results, Instant.now(), browse(results)));
        }
        return ExitCodes.OK;
    }

    private static List<ScanResult> run(ScanSettings settings, List<ScanTarget> list) throws InterruptedException {
        try {
            return new Scanner(settings, FrameGuard.strict())
                    .scan(list)
                    .toCompletableFuture()
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Browses every OPC UA server found (security None, anonymous; at most {@value #BROWSE_MAX_TAGS} tags) so the
     * draft reads its variables. This is a plain client session after the scan, not part of the fingerprinting.
     */
    static Map<String, List<TagSpec>> browse(List<ScanResult> results) {
        Optional<TagBrowser> browser = TagBrowser.forProtocol(Protocol.OPC_UA);
        var tags = new LinkedHashMap<String, List<TagSpec>>();
        for (ScanResult r : results) {
            if (r.protocol() == ScanProtocol.OPCUA && browser.isPresent()) {
                try {
                    tags.put(
                            r.target(),
                            browser.get()
                                    .browse(
                                            AgentConfigDraft.opcUaEndpoint(r),
                                            DeviceSecurity.NONE,
                                            BROWSE_DEPTH,
                                            BROWSE_MAX_TAGS));
                } catch (RuntimeException e) {
                    System.err.println("browsing " + r.target() + " for the config failed (" + e.getMessage()
                            + "); its device reads the server state only");
                }
            }
        }
        return tags;
    }

    static String toJson(List<ScanResult> results) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scan results do not serialize", e);
        }
    }

    static String table(List<ScanResult> results) {
        var sb = new StringBuilder(String.format("%-24s %-12s %-5s %s%n", "TARGET", "PROTOCOL", "CONF", "IDENTITY"));
        for (ScanResult r : results) {
            String identity = r.identity().entrySet().stream()
                    .filter(e ->
                            !e.getKey().startsWith("certificate") && !e.getKey().equals("copyright"))
                    .limit(5)
                    .map(e -> e.getKey() + "=" + e.getValue().value())
                    .collect(Collectors.joining(", "));
            sb.append(String.format(
                    "%-24s %-12s %-5.2f %s%n",
                    r.target(),
                    r.protocol().wireName(),
                    r.confidence(),
                    r.error() != null ? "(" + r.error() + ")" : identity));
            if (!r.driverHints().isEmpty()) {
                sb.append(String.format("%-24s hints: %s%n", "", hints(r.driverHints())));
            }
            r.safety().forEach(s -> sb.append(String.format("%-24s safety: %s%n", "", s)));
        }
        return sb.toString();
    }

    private static String hints(Map<String, Object> hints) {
        return hints.entrySet().stream()
                .filter(e -> !e.getKey().equals("unit_id_signature"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void write(Path file, String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
