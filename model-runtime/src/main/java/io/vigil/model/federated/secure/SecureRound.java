package io.vigil.model.federated.secure;

import io.vigil.model.federated.secure.Messages.Advertisement;
import io.vigil.model.federated.secure.Messages.MaskedInput;
import io.vigil.model.federated.secure.Messages.Reveal;
import io.vigil.model.federated.secure.Messages.SealedShare;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secure aggregation of one round over an in-process transport: the four message rounds between the agents and the
 * hub, with some agents dropping after they masked. Counts the bytes every message would take on the wire.
 */
public final class SecureRound {
    private SecureRound() {}

    /**
     * @param sum the survivors' clipped deltas summed (the hub learns only this)
     * @param contributors the survivors
     * @param bytesPerAgent mean bytes an agent sent and received in the four rounds
     */
    public record Result(float[] sum, List<String> contributors, long bytesPerAgent) {}

    /**
     * @param deltas every agent's clipped delta ({@code |x_i| <= clip})
     * @param dropAfterMasking agents that shared their secrets but never send an input
     */
    public static Result run(
            long round, Map<String, float[]> deltas, Set<String> dropAfterMasking, double clip, SecureRandom random) {
        int n = deltas.size();
        int threshold = MaskedSum.thresholdFor(n);
        FixedPoint fp = FixedPoint.forSum(clip, n);
        List<MaskingParticipant> agents = new ArrayList<>();
        deltas.keySet().forEach(id -> agents.add(new MaskingParticipant(id, round, random)));
        List<Advertisement> ads =
                agents.stream().map(MaskingParticipant::advertise).toList();
        long bytes = ads.stream().mapToLong(Advertisement::bytes).sum() * (1 + n);
        List<SealedShare> shares = new ArrayList<>();
        for (MaskingParticipant a : agents) {
            shares.addAll(a.share(ads, threshold));
        }
        bytes += 2L * shares.stream().mapToLong(SealedShare::bytes).sum();
        for (MaskingParticipant a : agents) {
            a.receive(shares.stream().filter(s -> s.to().equals(a.agentId())).toList());
        }
        MaskedSum hub = new MaskedSum(ads, threshold);
        for (MaskingParticipant a : agents) {
            if (!dropAfterMasking.contains(a.agentId())) {
                MaskedInput in = a.mask(fp.encode(deltas.get(a.agentId())));
                bytes += in.bytes();
                hub.accept(in);
            }
        }
        Set<String> survivors = hub.survivors();
        Set<String> dropped = hub.dropped();
        List<Reveal> reveals = new ArrayList<>();
        for (MaskingParticipant a : agents) {
            if (survivors.contains(a.agentId())) {
                Reveal r = a.reveal(dropped, survivors);
                bytes += r.bytes() + 8L * n;
                reveals.add(r);
            }
        }
        int[] sum = hub.unmask(reveals);
        return new Result(fp.decode(sum), List.copyOf(new LinkedHashSet<>(survivors)), bytes / n);
    }
}
