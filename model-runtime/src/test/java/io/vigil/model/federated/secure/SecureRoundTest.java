package io.vigil.model.federated.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.federated.secure.Messages.Advertisement;
import io.vigil.model.federated.secure.Messages.MaskedInput;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SecureRoundTest {
    private static Map<String, float[]> deltas(int agents, int n) {
        Random r = new Random(9);
        Map<String, float[]> d = new LinkedHashMap<>();
        for (int a = 0; a < agents; a++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            d.put("agent-" + a, x);
        }
        return d;
    }

    private static float[] plainSum(Map<String, float[]> d, Set<String> without) {
        float[] s = new float[d.values().iterator().next().length];
        d.forEach((id, x) -> {
            if (!without.contains(id)) {
                for (int i = 0; i < s.length; i++) {
                    s[i] += x[i];
                }
            }
        });
        return s;
    }

    @Test
    void hubRecoversTheExactSumWhenAThirdDropAfterMasking() {
        Map<String, float[]> d = deltas(12, 300);
        Set<String> dropped = Set.of("agent-2", "agent-5", "agent-7", "agent-11");

        SecureRound.Result r = SecureRound.run(1, d, dropped, 1.0, new SecureRandom());

        float[] expected = plainSum(d, dropped);
        assertThat(r.contributors()).hasSize(8).doesNotContainAnyElementsOf(dropped);
        for (int i = 0; i < expected.length; i++) {
            assertThat(r.sum()[i]).isCloseTo(expected[i], Offset.offset(1e-5f));
        }
    }

    @Test
    void oneMaskedInputRevealsNothingLikeItsInput() {
        Map<String, float[]> d = deltas(3, 2000);
        FixedPoint fp = FixedPoint.forSum(1.0, 3);
        List<MaskingParticipant> agents = new ArrayList<>();
        d.keySet().forEach(id -> agents.add(new MaskingParticipant(id, 1, new SecureRandom())));
        List<Advertisement> ads =
                agents.stream().map(MaskingParticipant::advertise).toList();
        var shares = new ArrayList<Messages.SealedShare>();
        agents.forEach(a -> shares.addAll(a.share(ads, 2)));
        agents.forEach(a -> a.receive(
                shares.stream().filter(s -> s.to().equals(a.agentId())).toList()));

        int[] input = fp.encode(d.get("agent-0"));
        MaskedInput masked = agents.get(0).mask(input);

        // the masked words look uniform: their correlation with the input is near zero
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < input.length; i++) {
            sxy += (double) input[i] * masked.masked()[i];
            sxx += (double) input[i] * input[i];
            syy += (double) masked.masked()[i] * masked.masked()[i];
        }
        assertThat(Math.abs(sxy / Math.sqrt(sxx * syy))).isLessThan(0.1);
    }

    @Test
    void failsWhenMoreThanAThirdDrop() {
        Map<String, float[]> d = deltas(6, 10);

        assertThatThrownBy(
                        () -> SecureRound.run(1, d, Set.of("agent-0", "agent-1", "agent-2"), 1.0, new SecureRandom()))
                .hasMessageContaining("below the threshold");
    }

    @Test
    void anAgentNeverRevealsBothSecretsOfOneAgent() {
        MaskingParticipant a = new MaskingParticipant("a", 1, new SecureRandom());

        assertThatThrownBy(() -> a.reveal(Set.of("b"), Set.of("b", "c"))).hasMessageContaining("both dropped");
    }

    @Test
    void shamirNeedsTheThresholdOfShares() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        var shares = Shamir.split(secret, 5, 3, new SecureRandom());

        assertThat(Shamir.combine(shares.subList(1, 4), 32)).isEqualTo(secret);
        assertThat(Shamir.combine(shares.subList(0, 2), 32)).isNotEqualTo(secret);
    }
}
