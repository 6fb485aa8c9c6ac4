package io.vigil.edge.drift;

import io.vigil.core.model.Distribution;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Reference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Watches one asset's live inputs and scores for one model against the training reference in its manifest.
 *
 * <p>Keeps the last {@link DriftPolicy#window()} values of each input tag and of the score in ring buffers; every
 * {@link DriftPolicy#checkEvery()} values (once the window is full) it computes PSI and KS per feature. An event is
 * raised when a feature starts to move that was not moving at the last check, so a lasting drift is one event, and
 * re-armed per feature once it is back within bounds. Not thread-safe: the scoring thread owns it.
 */
public final class DriftMonitor {
    private final String model;
    private final String asset;
    private final List<Distribution> references;
    private final DriftPolicy policy;
    private final Clock clock;
    private final double[][] live;
    private int next;
    private long seen;
    private Set<String> moving = Set.of();
    private List<FeatureDrift> last = List.of();

    /** The manifest must carry a {@link Reference}; see {@link #supports}. */
    public DriftMonitor(ModelManifest manifest, String asset, DriftPolicy policy, Clock clock) {
        Reference ref =
                Objects.requireNonNull(manifest.reference(), () -> "model " + manifest.ref() + " has no reference");
        this.model = manifest.ref();
        this.asset = Objects.requireNonNull(asset, "asset");
        this.references = new ArrayList<>(ref.features());
        this.references.add(ref.score());
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.live = new double[references.size()][policy.window()];
    }

    public static boolean supports(ModelManifest manifest) {
        return manifest.reference() != null;
    }

    /**
     * Adds one live row (the input tags in manifest order) and the score of the window it ended.
     *
     * @return a drift event when a feature started to move at this check
     */
    public Optional<DriftEvent> observe(double[] row, double score) {
        int tags = references.size() - 1;
        if (row.length != tags) {
            throw new IllegalArgumentException("row has " + row.length + " values but model " + model + " has " + tags);
        }
        for (int t = 0; t < tags; t++) {
            live[t][next] = row[t];
        }
        live[tags][next] = score;
        next = (next + 1) % policy.window();
        seen++;
        if (seen < policy.window() || seen % policy.checkEvery() != 0) {
            return Optional.empty();
        }
        return check();
    }

    /** The model ref ({@code id@version}) whose reference this monitor compares with. */
    public String model() {
        return model;
    }

    /** The figures of the last check; empty before the first. */
    public List<FeatureDrift> lastCheck() {
        return last;
    }

    private Optional<DriftEvent> check() {
        var figures = new ArrayList<FeatureDrift>();
        var nowMoving = new TreeSet<String>();
        int n = policy.window();
        for (int f = 0; f < references.size(); f++) {
            Distribution ref = references.get(f);
            double psi = Divergence.psi(ref, live[f], n);
            double ks = Divergence.ks(ref, live[f], n);
            boolean moved = psi >= policy.psiThreshold() && ks >= policy.ksThreshold();
            figures.add(new FeatureDrift(ref.name(), psi, ks, moved));
            if (moved) {
                nowMoving.add(ref.name());
            }
        }
        boolean fresh = !moving.containsAll(nowMoving);
        moving = Set.copyOf(nowMoving);
        last = List.copyOf(figures);
        if (!fresh) {
            return Optional.empty();
        }
        List<String> moved = references.stream()
                .map(Distribution::name)
                .filter(nowMoving::contains)
                .toList();
        return Optional.of(new DriftEvent(clock.instant(), model, asset, moved, figures, n));
    }
}
