package io.vigil.model.federated.secure;

import io.vigil.model.federated.secure.Messages.Advertisement;
import io.vigil.model.federated.secure.Messages.MaskedInput;
import io.vigil.model.federated.secure.Messages.Reveal;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The hub's side of a secure-aggregation round: it sees masked inputs and, at the end, the shares needed to strip the
 * masks from their sum — never an unmasked input. Fails when fewer than {@code threshold} agents sent inputs or
 * revealed shares (then no sum can be recovered and the round fails like one short of its quorum).
 */
public final class MaskedSum {
    private final List<Advertisement> roster;
    private final int threshold;
    private final Map<String, int[]> inputs = new LinkedHashMap<>();

    public MaskedSum(List<Advertisement> roster, int threshold) {
        this.roster = MaskingParticipant.sorted(roster);
        if (threshold < 2 || threshold > roster.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " not in 2.." + roster.size());
        }
        this.threshold = threshold;
    }

    /** {@code n - floor(n / 3)}: the round survives a third of its agents dropping after masking. */
    public static int thresholdFor(int agents) {
        return Math.max(2, agents - agents / 3);
    }

    public void accept(MaskedInput input) {
        if (inputs.containsKey(input.agentId())
                || roster.stream().noneMatch(a -> a.agentId().equals(input.agentId()))) {
            throw new IllegalArgumentException(
                    "masked input from " + input.agentId() + " is a repeat or not in the roster");
        }
        inputs.put(input.agentId(), input.masked().clone());
    }

    public Set<String> survivors() {
        return new LinkedHashSet<>(inputs.keySet());
    }

    public Set<String> dropped() {
        Set<String> d = new LinkedHashSet<>();
        roster.forEach(a -> {
            if (!inputs.containsKey(a.agentId())) {
                d.add(a.agentId());
            }
        });
        return d;
    }

    /** The sum of the survivors' inputs, modulo 2^32. */
    public int[] unmask(List<Reveal> reveals) {
        if (inputs.size() < threshold || reveals.size() < threshold) {
            throw new IllegalStateException(inputs.size() + " inputs and " + reveals.size()
                    + " reveals are below the threshold " + threshold + ": the sum cannot be recovered");
        }
        int n = inputs.values().iterator().next().length;
        int[] sum = new int[n];
        inputs.values().forEach(y -> MaskingParticipant.addInto(sum, y, 1));
        for (String u : survivors()) {
            byte[] seed = Shamir.combine(shares(reveals, r -> r.seedShares().get(u)), 32);
            MaskingParticipant.addInto(sum, Crypto.expand(seed, n), -1);
        }
        for (String v : dropped()) {
            byte[] scalar =
                    Shamir.combine(shares(reveals, r -> r.maskKeyShares().get(v)), 32);
            KeyPair dead = new KeyPair(null, Crypto.privateKey(scalar));
            for (Advertisement u : roster) {
                if (inputs.containsKey(u.agentId())) {
                    int sign = u.agentId().compareTo(v) < 0 ? 1 : -1;
                    MaskingParticipant.addInto(sum, MaskingParticipant.pairwiseMask(dead, u, n), -sign);
                }
            }
        }
        return sum;
    }

    private List<Shamir.Share> shares(List<Reveal> reveals, Function<Reveal, BigInteger> pick) {
        List<Shamir.Share> shares = new ArrayList<>();
        for (Reveal r : reveals) {
            BigInteger y = pick.apply(r);
            if (y != null && shares.size() < threshold) {
                shares.add(new Shamir.Share(r.x(), y));
            }
        }
        if (shares.size() < threshold) {
            throw new IllegalStateException(shares.size() + " shares are below the threshold " + threshold);
        }
        return shares;
    }
}
