package io.vigil.model.federated.aggregate;

import java.util.Arrays;
import java.util.List;

/**
 * How the accepted deltas of a round become one. Selectable per model: FedAvg when the fleet is trusted, a robust rule
 * when some participants may be faulty or hostile. (FedProx is not an aggregator: it is FedAvg with a proximal term in
 * the local trainer, {@code RoundPlan.proximalMu}.)
 */
public sealed interface Aggregator {
    /** Combines {@code contributions} (at least one, all of one dimension). */
    float[] aggregate(List<Contribution> contributions);

    /** Stable name for plans, events and the CLI. */
    String name();

    /** Parses {@code fedavg}, {@code median}, {@code trimmed:0.2}, {@code krum:1}. */
    static Aggregator parse(String spec) {
        String[] parts = spec.split(":", 2);
        try {
            return switch (parts[0]) {
                case "fedavg" -> new FedAvg();
                case "median" -> new Median();
                case "trimmed" -> new TrimmedMean(parts.length > 1 ? Double.parseDouble(parts[1]) : 0.2);
                case "krum" -> new Krum(parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
                default ->
                    throw new IllegalArgumentException("aggregator '" + spec
                            + "' is not one of fedavg, median, trimmed[:share], krum[:byzantine]");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aggregator '" + spec + "': '" + parts[1] + "' is not a number");
        }
    }

    /** Mean weighted by sample count (McMahan et al. 2017). One poisoned delta moves it without bound. */
    record FedAvg() implements Aggregator {
        @Override
        public float[] aggregate(List<Contribution> contributions) {
            int d = dimension(contributions);
            double[] sum = new double[d];
            double total = 0;
            for (Contribution c : contributions) {
                float[] x = c.delta();
                for (int i = 0; i < d; i++) {
                    sum[i] += c.weight() * x[i];
                }
                total += c.weight();
            }
            float[] out = new float[d];
            for (int i = 0; i < d; i++) {
                out[i] = (float) (sum[i] / total);
            }
            return out;
        }

        @Override
        public String name() {
            return "fedavg";
        }
    }

    /** Coordinate-wise median (Yin et al. 2018): unweighted, tolerates just under half the deltas being arbitrary. */
    record Median() implements Aggregator {
        @Override
        public float[] aggregate(List<Contribution> contributions) {
            return coordinateWise(contributions, 0.5);
        }

        @Override
        public String name() {
            return "median";
        }
    }

    /**
     * Coordinate-wise trimmed mean: drop the {@code share} largest and smallest values of each coordinate, average the
     * rest (unweighted). Tolerates up to {@code share} of the deltas being arbitrary.
     */
    record TrimmedMean(double share) implements Aggregator {
        public TrimmedMean {
            if (!(share >= 0 && share < 0.5)) {
                throw new IllegalArgumentException("trimmed mean share " + share + " not in [0, 0.5)");
            }
        }

        @Override
        public float[] aggregate(List<Contribution> contributions) {
            return coordinateWise(contributions, share);
        }

        @Override
        public String name() {
            return "trimmed:" + share;
        }
    }

    /**
     * Krum (Blanchard et al. 2017): the one delta whose {@code n - byzantine - 2} nearest neighbours are closest in
     * sum of squared distances. Needs {@code n > 2 byzantine + 2}; with fewer deltas it falls back to the median.
     */
    record Krum(int byzantine) implements Aggregator {
        public Krum {
            if (byzantine < 0) {
                throw new IllegalArgumentException("krum byzantine " + byzantine + " must be >= 0");
            }
        }

        @Override
        public float[] aggregate(List<Contribution> contributions) {
            int n = contributions.size();
            int neighbours = n - byzantine - 2;
            if (neighbours < 1) {
                return coordinateWise(contributions, 0.5);
            }
            double best = Double.POSITIVE_INFINITY;
            float[] chosen = null;
            for (int a = 0; a < n; a++) {
                double[] distances = new double[n - 1];
                int k = 0;
                for (int b = 0; b < n; b++) {
                    if (a != b) {
                        distances[k++] = squaredDistance(
                                contributions.get(a).delta(),
                                contributions.get(b).delta());
                    }
                }
                Arrays.sort(distances);
                double score = 0;
                for (int j = 0; j < neighbours; j++) {
                    score += distances[j];
                }
                if (score < best) {
                    best = score;
                    chosen = contributions.get(a).delta();
                }
            }
            return chosen.clone();
        }

        @Override
        public String name() {
            return "krum:" + byzantine;
        }
    }

    private static int dimension(List<Contribution> contributions) {
        if (contributions.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate");
        }
        int d = contributions.get(0).delta().length;
        for (Contribution c : contributions) {
            if (c.delta().length != d) {
                throw new IllegalArgumentException(
                        "delta of " + c.agentId() + " has " + c.delta().length + " values, expected " + d);
            }
        }
        return d;
    }

    /** {@code trim = 0.5}: median (mean of the two middle values for an even count); else trimmed mean. */
    private static float[] coordinateWise(List<Contribution> contributions, double trim) {
        int d = dimension(contributions);
        int n = contributions.size();
        float[] column = new float[n];
        float[] out = new float[d];
        int cut = trim >= 0.5 ? -1 : (int) Math.floor(trim * n);
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < n; k++) {
                column[k] = contributions.get(k).delta()[i];
            }
            Arrays.sort(column);
            if (cut < 0) {
                out[i] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
            } else {
                double sum = 0;
                for (int k = cut; k < n - cut; k++) {
                    sum += column[k];
                }
                out[i] = (float) (sum / (n - 2 * cut));
            }
        }
        return out;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
