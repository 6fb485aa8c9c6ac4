package io.vigil.edge.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the assets a canary serves: the {@code ceil(share * n)} assets (at least one) with the lowest hash of
 * {@code modelId/asset}. The choice depends only on the names, so it is the same after a restart and on every agent,
 * and a larger share keeps the assets a smaller one had picked.
 */
public final class CanaryAssets {
    private CanaryAssets() {}

    /** The canary assets among {@code assets} for {@code modelId}. */
    public static Set<String> pick(String modelId, List<String> assets, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share " + share + " not in (0, 1]");
        }
        if (assets.isEmpty()) {
            return Set.of();
        }
        int count = Math.max(1, (int) Math.ceil(share * assets.size() - 1e-9));
        Map<String, Long> hash = new HashMap<>();
        assets.forEach(a -> hash.put(a, hash(modelId + "/" + a)));
        return assets.stream()
                .distinct()
                .sorted(Comparator.<String>comparingLong(hash::get).thenComparing(a -> a))
                .limit(count)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static long hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
