package io.vigil.bench.protocol;

import io.vigil.adapters.scan.Frame;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanResult;
import io.vigil.adapters.scan.ScanSettings;
import io.vigil.adapters.scan.Scanner;
import io.vigil.bench.protocol.LoopbackFleet.Kind;
import io.vigil.bench.protocol.LoopbackFleet.Member;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scans a {@link LoopbackFleet} with the shipped etiquette (frames to one host at least 250 ms apart, one connection
 * per host, {@code parallelHosts} hosts at a time, the default 2 s timeout and one retry) and explains the time: the
 * pacing floor is, per host, (frames sent - 1) x 250 ms, spread over the parallel hosts; a silent device adds a full timeout
 * per frame it is sent (the Modbus probe asks more than one unit id, and retries once).
 */
final class ScanBench {
    private final int targets;
    private final int opcua;
    private final int modbus;
    private final int silent;
    private final int parallelHosts;
    private final PrintStream progress;

    ScanBench(int targets, int opcua, int modbus, int silent, int parallelHosts, PrintStream progress) {
        this.targets = targets;
        this.opcua = opcua;
        this.modbus = modbus;
        this.silent = silent;
        this.parallelHosts = parallelHosts;
        this.progress = progress;
    }

    Map<String, Object> run() throws Exception {
        LoopbackFleet.requirePrivilegedLoopback();
        var settings = ScanSettings.defaults().withParallelHosts(parallelHosts);
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "scan");
        figures.put("targets", targets);
        figures.put("hosts", targets);
        figures.put("fleet_opcua_milo", opcua);
        figures.put("fleet_modbus_j2mod", modbus);
        figures.put("fleet_silent", silent);
        figures.put("fleet_closed", targets - opcua - modbus - silent);
        figures.put("parallel_hosts", settings.parallelHosts());
        figures.put("frame_gap_ms", settings.frameGap().toMillis());
        figures.put("timeout_ms", settings.timeout().toMillis());
        figures.put("retries", settings.retries());
        try (var fleet = LoopbackFleet.start(targets, opcua, modbus, silent)) {
            progress.printf("fleet up: %d targets on 127.1.x.y; scanning %d hosts at a time%n", targets, parallelHosts);
            List<Member> members = fleet.members();
            long begin = System.nanoTime();
            List<ScanResult> results = new Scanner(settings, FrameGuard.strict())
                    .scan(members.stream().map(Member::target).toList())
                    .toCompletableFuture()
                    .get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - begin) / 1e9;
            figures.put("scan_s", round(seconds));
            figures.put("targets_per_s", round(targets / seconds));
            explain(members, results, settings, figures);
        }
        return figures;
    }

    private static void explain(
            List<Member> members, List<ScanResult> results, ScanSettings settings, Map<String, Object> figures) {
        var recognized = new EnumMap<Kind, Integer>(Kind.class);
        var frames = new EnumMap<Kind, Integer>(Kind.class);
        double pacedMillis = 0;
        for (int i = 0; i < members.size(); i++) {
            Kind kind = members.get(i).kind();
            ScanResult result = results.get(i);
            boolean right =
                    switch (kind) {
                        case MODBUS -> result.protocol() == ScanProtocol.MODBUS_TCP;
                        case OPCUA -> result.protocol() == ScanProtocol.OPCUA;
                        case SILENT, CLOSED -> result.protocol() == ScanProtocol.UNKNOWN;
                    };
            recognized.merge(kind, right ? 1 : 0, Integer::sum);
            int sent = (int) result.frames().stream().filter(Frame::isSent).count();
            frames.merge(kind, sent, Integer::sum);
            pacedMillis += Math.max(0, sent - 1) * settings.frameGap().toMillis();
        }
        for (Kind kind : Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            figures.put("as_expected_" + name, recognized.getOrDefault(kind, 0));
            figures.put("frames_sent_" + name, frames.getOrDefault(kind, 0));
        }
        figures.put("pacing_floor_s", round(pacedMillis / 1000.0 / settings.parallelHosts()));
        // A silent device costs a full timeout per frame it is sent; spread over the parallel hosts as well.
        double silentMillis = frames.getOrDefault(Kind.SILENT, 0)
                * (double) settings.timeout().toMillis();
        figures.put("silent_timeout_floor_s", round(silentMillis / 1000.0 / settings.parallelHosts()));
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
