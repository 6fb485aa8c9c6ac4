package io.vigil.edge.agent;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.forward.Outbox;
import io.vigil.edge.score.WindowModel;
import io.vigil.model.window.ReadyWindow;
import io.vigil.model.window.WindowAssembler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a device's samples go: repeats dropped, then to the {@link Outbox} (raw data for the hub) and to the
 * {@link WindowAssembler}s of the device's asset, one per model that scores the asset. A per-asset {@link #tick} forms
 * rows and hands each ready window on to scoring.
 */
final class SampleRouter {
    private static final Logger LOG = LoggerFactory.getLogger(SampleRouter.class);

    private final Clock clock;
    private final Outbox outbox;
    private final Consumer<ReadyWindow> scoring;
    private final Map<String, List<WindowAssembler>> assemblers;
    private final RepeatFilter repeats = new RepeatFilter();
    /** Devices whose repeats were logged at INFO once. */
    private final Set<String> repeatsLogged = ConcurrentHashMap.newKeySet();

    private final AtomicLong samplesRead = new AtomicLong();

    /** @param models one per {@link AgentConfig#models()} entry, in the same order */
    SampleRouter(
            AgentConfig config, List<WindowModel> models, Clock clock, Outbox outbox, Consumer<ReadyWindow> scoring) {
        this.clock = clock;
        this.outbox = outbox;
        this.scoring = scoring;
        this.assemblers = assemblers(config, models);
    }

    /** Samples a device read (or was sent). */
    void samples(DeviceSpec device, List<Sample> read) {
        List<Sample> samples = repeats.fresh(device.asset(), read);
        if (samples.size() != read.size()) {
            logRepeats(device, read.size() - samples.size());
        }
        if (samples.isEmpty()) {
            return;
        }
        samplesRead.addAndGet(samples.size());
        outbox.addSamples(device.asset(), samples);
        assemblers.getOrDefault(device.asset(), List.of()).forEach(a -> a.accept(samples));
    }

    /** Forms the asset's rows up to now and passes on the windows that are ready; never throws. */
    void tick(String asset) {
        try {
            var now = clock.instant();
            for (WindowAssembler a : assemblers.getOrDefault(asset, List.of())) {
                a.tick(now).ifPresent(scoring);
            }
        } catch (RuntimeException e) {
            LOG.error("forming rows for asset {} failed: {}", asset, e.toString());
        }
    }

    long samplesRead() {
        return samplesRead.get();
    }

    long rows() {
        return assemblers.values().stream()
                .flatMap(List::stream)
                .mapToLong(WindowAssembler::rows)
                .sum();
    }

    long skippedRows() {
        return assemblers.values().stream()
                .flatMap(List::stream)
                .mapToLong(WindowAssembler::skippedRows)
                .sum();
    }

    private void logRepeats(DeviceSpec device, int dropped) {
        if (repeatsLogged.add(device.id())) {
            LOG.info(
                    "device {} sent values again with timestamps already seen (an OPC UA server does on every new"
                            + " subscription); repeats are dropped at the edge, counted in the log at DEBUG",
                    device.id());
        } else {
            LOG.debug("device {}: {} repeated samples dropped", device.id(), dropped);
        }
    }

    /** A window per (asset, model), at the asset's fastest device interval. */
    private static Map<String, List<WindowAssembler>> assemblers(AgentConfig config, List<WindowModel> models) {
        var byAsset = config.devicesByAsset();
        var result = new LinkedHashMap<String, List<WindowAssembler>>();
        for (int i = 0; i < models.size(); i++) {
            var manifest = models.get(i).manifest();
            for (String asset : config.models().get(i).assets()) {
                Duration interval = byAsset.get(asset).stream()
                        .map(DeviceSpec::interval)
                        .min(Duration::compareTo)
                        .orElseThrow();
                result.computeIfAbsent(asset, a -> new ArrayList<>())
                        .add(new WindowAssembler(asset, manifest, interval));
            }
        }
        return result;
    }
}
