package io.vigil.adapters.scan;

import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fingerprints a list of targets with the etiquette of {@link ScanSettings}: targets are grouped by host, each host is
 * walked by one worker (so one connection per host at a time, frames paced by the host's {@link Pacer}), and at most
 * {@code parallelHosts} hosts are worked on at once. A host whose targets fail {@code breakerThreshold} times in a row
 * (timeouts, resets) is left alone: its remaining targets are reported as skipped. Bad replies are data: a target
 * always ends as a {@link ScanResult}, never as an exception, except an {@link UnsafeFrameException}, which is a bug.
 */
public final class Scanner {
    private final ScanSettings settings;
    private final FrameGuard guard;
    private final Clock clock;
    private final Pacer.Sleeper sleeper;
    private final List<Probe> probes;

    public Scanner(ScanSettings settings, FrameGuard guard, Clock clock, Pacer.Sleeper sleeper) {
        this.settings = settings;
        this.guard = guard;
        this.clock = clock;
        this.sleeper = sleeper;
        this.probes = loadProbes(new ProbeContext(clock, new SecureRandom()));
    }

    /** A scanner that really waits between frames. */
    public Scanner(ScanSettings settings, FrameGuard guard) {
        this(settings, guard, Clock.systemUTC(), d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /** Every registered probe, in {@link Probe#rank()} order. */
    static List<Probe> loadProbes(ProbeContext context) {
        List<Probe> found = ServiceLoader.load(ProbeProvider.class, Scanner.class.getClassLoader()).stream()
                .flatMap(provider -> provider.get().probes(context).stream())
                .sorted(Comparator.comparingInt(Probe::rank))
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no scan probes: META-INF/services/" + ProbeProvider.class.getName()
                    + " is missing from the class path");
        }
        return found;
    }

    /** Scans every target; the results come in the order of {@code targets}. */
    public CompletionStage<List<ScanResult>> scan(List<ScanTarget> targets) {
        Map<String, List<ScanTarget>> byHost = new LinkedHashMap<>();
        targets.forEach(
                t -> byHost.computeIfAbsent(t.host(), h -> new ArrayList<>()).add(t));
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(settings.parallelHosts(), byHost.size() + 1), new WorkerThreads());
        Map<ScanTarget, ScanResult> results = new ConcurrentHashMap<>();
        CompletableFuture<?>[] hosts = byHost.entrySet().stream()
                .map(e -> CompletableFuture.runAsync(
                        () -> scanHost(e.getKey(), e.getValue()).forEach(results::put), pool))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(hosts)
                .whenComplete((v, err) -> pool.shutdown())
                .thenApply(v -> targets.stream().map(results::get).toList());
    }

    private Map<ScanTarget, ScanResult> scanHost(String host, List<ScanTarget> targets) {
        var out = new HashMap<ScanTarget, ScanResult>();
        var pacer = new Pacer(settings.frameGap(), clock, sleeper);
        int failures = 0;
        try (var session = new HostSession(host, settings, guard, pacer)) {
            for (ScanTarget target : targets) {
                if (failures >= settings.breakerThreshold()) {
                    out.put(
                            target,
                            ScanResult.unknown(
                                    target,
                                    List.of(),
                                    List.of(),
                                    "skipped: " + failures + " failures in a row on " + host
                                            + " (circuit breaker open)"));
                    continue;
                }
                var attempt = new TargetScan(session, target, failures);
                out.put(target, attempt.run());
                failures = attempt.failures;
            }
        }
        return out;
    }

    /** The probes for a target: the native one for a known port, every probe in turn for an explicit port. */
    List<Probe> probesFor(ScanTarget target) {
        List<Probe> native_ =
                probes.stream().filter(p -> p.nativePort() == target.port()).toList();
        if (!target.explicit() && !native_.isEmpty()) {
            return native_;
        }
        var ordered = new ArrayList<>(native_);
        probes.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        return ordered;
    }

    /** One target: its probes one at a time, stopping at the first that recognizes the target. */
    private final class TargetScan {
        private final HostSession session;
        private final ScanTarget target;
        private final List<String> evidence = new ArrayList<>();
        private int failures;
        private String error;
        private boolean tcpRefused;

        TargetScan(HostSession session, ScanTarget target, int failures) {
            this.session = session;
            this.target = target;
            this.failures = failures;
        }

        ScanResult run() {
            for (Probe probe : probesFor(target)) {
                if (tcpRefused && !probe.datagram()) {
                    continue; // the port refused TCP: only the UDP probes have something to ask
                }
                if (failures >= settings.breakerThreshold()) {
                    error = "circuit breaker open after " + failures + " failures in a row";
                    break;
                }
                Findings found = attempt(probe);
                if (found != null && found.recognized()) {
                    failures = 0;
                    return found.toResult(target, session.takeFrames());
                }
                if (found != null) {
                    evidence.addAll(found.evidence());
                }
            }
            return ScanResult.unknown(target, evidence, session.takeFrames(), error);
        }

        private Findings attempt(Probe probe) {
            String name = probe.protocol().wireName();
            try {
                return probe.run(session, target);
            } catch (ConnectException e) {
                tcpRefused = true;
                error = "connection refused";
                evidence.add(name + ": connection refused");
            } catch (PortUnreachableException e) {
                error = tcpRefused ? "connection refused (TCP), port unreachable (UDP)" : "port unreachable (UDP)";
                evidence.add(name + ": port unreachable");
            } catch (SocketTimeoutException e) {
                failures++;
                error = "timed out";
                evidence.add(name + ": " + e.getMessage());
            } catch (IOException e) {
                failures++;
                error = "I/O error: " + e.getMessage();
                evidence.add(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (MalformedReplyException e) {
                error = "no valid reply";
                evidence.add(name + ": not this protocol: " + e.getMessage());
            } catch (UnsafeFrameException e) {
                throw e;
            } catch (RuntimeException e) {
                error = "probe error: " + e;
                evidence.add(name + ": probe error: " + e);
            } finally {
                session.close();
            }
            return null;
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "vigil-scan-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
