package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scan with a recording {@link FrameGuard} and asserts that the guard saw every frame the scan sent: the frames
 * the results report as sent and the frames the guard let through are the same multiset. Every scan test goes through
 * here, so the no-write guarantee is checked on every frame of the suite.
 */
final class AuditedScan {
    private final List<String> passed = Collections.synchronizedList(new ArrayList<>());
    private final FrameGuard guard = new FrameGuard((protocol, frame) -> passed.add(Hex.of(frame)));

    static List<ScanResult> scan(ScanSettings settings, List<ScanTarget> targets) throws Exception {
        return new AuditedScan().run(settings, targets);
    }

    static ScanResult scanOne(ScanSettings settings, ScanTarget target) throws Exception {
        return scan(settings, List.of(target)).get(0);
    }

    static ScanSettings quick(Duration timeout) {
        return ScanSettings.defaults().withTimeout(timeout);
    }

    private List<ScanResult> run(ScanSettings settings, List<ScanTarget> targets) throws Exception {
        List<ScanResult> results =
                new Scanner(settings, guard).scan(targets).toCompletableFuture().get(60, TimeUnit.SECONDS);
        List<String> sent = results.stream()
                .flatMap(r -> r.frames().stream())
                .filter(Frame::isSent)
                .map(Frame::hex)
                .toList();
        assertThat(passed)
                .as("frames the guard let through vs frames the scan reports as sent")
                .containsExactlyInAnyOrderElementsOf(sent);
        return results;
    }
}
