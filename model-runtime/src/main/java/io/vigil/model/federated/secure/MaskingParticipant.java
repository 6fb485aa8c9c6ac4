package io.vigil.model.federated.secure;

import io.vigil.model.federated.secure.Messages.Advertisement;
import io.vigil.model.federated.secure.Messages.MaskedInput;
import io.vigil.model.federated.secure.Messages.Reveal;
import io.vigil.model.federated.secure.Messages.SealedShare;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One agent's side of a secure-aggregation round (Bonawitz et al. 2017, honest-but-curious server variant).
 *
 * <p>The agent adds to its fixed-point input a self mask from a private seed {@code b} and, for every other agent
 * {@code v}, a pairwise mask from the X25519 agreement of their mask keys ({@code +} if its id sorts first, {@code -}
 * otherwise), all modulo 2^32. Pairwise masks cancel in the sum of the agents that sent inputs. Both {@code b} and the
 * mask private key are Shamir-shared among the roster beforehand, so if an agent drops after the others masked against
 * it, the survivors' shares of its mask key let the hub remove its pairwise masks; and the survivors' shares of their
 * own {@code b} let the hub remove their self masks. An agent reveals at most one of the two secrets of any agent,
 * which is what keeps a late-arriving input of a "dropped" agent private.
 *
 * <p>Fresh keys per round; one instance per agent and round.
 */
public final class MaskingParticipant {
    private final String agentId;
    private final long round;
    private final KeyPair maskKeys = Crypto.x25519();
    private final KeyPair cipherKeys = Crypto.x25519();
    private final byte[] selfSeed = new byte[32];
    private final SecureRandom random;
    private final Map<String, BigInteger[]> received = new HashMap<>();
    private List<Advertisement> roster = List.of();
    private int myX;
    private boolean revealed;

    public MaskingParticipant(String agentId, long round, SecureRandom random) {
        this.agentId = agentId;
        this.round = round;
        this.random = random;
        random.nextBytes(selfSeed);
    }

    public String agentId() {
        return agentId;
    }

    public Advertisement advertise() {
        return new Advertisement(agentId, maskKeys.getPublic(), cipherKeys.getPublic());
    }

    /** Splits this agent's two secrets among {@code everyone} (sorted by id), sealed per recipient. */
    public List<SealedShare> share(List<Advertisement> everyone, int threshold) {
        roster = sorted(everyone);
        myX = indexOf(agentId) + 1;
        var keyShares = Shamir.split(Crypto.scalar(maskKeys.getPrivate()), roster.size(), threshold, random);
        var seedShares = Shamir.split(selfSeed, roster.size(), threshold, random);
        List<SealedShare> out = new ArrayList<>();
        for (int i = 0; i < roster.size(); i++) {
            Advertisement to = roster.get(i);
            byte[] plain = pack(keyShares.get(i).y(), seedShares.get(i).y());
            byte[] key = Crypto.agree(cipherKeys.getPrivate(), to.cipherKey(), "vigil-fl-share|" + round);
            out.add(new SealedShare(agentId, to.agentId(), Crypto.seal(key, nonce(agentId, to.agentId()), plain)));
        }
        return out;
    }

    /** Opens the shares addressed to this agent. */
    public void receive(List<SealedShare> mine) {
        for (SealedShare s : mine) {
            if (!s.to().equals(agentId)) {
                throw new IllegalArgumentException("share for " + s.to() + " delivered to " + agentId);
            }
            Advertisement from = roster.get(indexOf(s.from()));
            byte[] key = Crypto.agree(cipherKeys.getPrivate(), from.cipherKey(), "vigil-fl-share|" + round);
            received.put(s.from(), unpack(Crypto.open(key, nonce(s.from(), agentId), s.sealed())));
        }
    }

    /** The input plus all masks, modulo 2^32. */
    public MaskedInput mask(int[] input) {
        int[] y = input.clone();
        addInto(y, Crypto.expand(selfSeed, y.length), 1);
        for (Advertisement v : roster) {
            if (!v.agentId().equals(agentId)) {
                int sign = agentId.compareTo(v.agentId()) < 0 ? 1 : -1;
                addInto(y, pairwiseMask(maskKeys, v, y.length), sign);
            }
        }
        return new MaskedInput(agentId, y);
    }

    /** Shares of the dropped agents' mask keys and of the survivors' self seeds; refuses to reveal twice. */
    public Reveal reveal(Set<String> dropped, Set<String> survivors) {
        if (revealed) {
            throw new IllegalStateException(agentId + " already revealed its shares this round");
        }
        for (String d : dropped) {
            if (survivors.contains(d)) {
                throw new IllegalArgumentException(d + " cannot be both dropped and a survivor");
            }
        }
        revealed = true;
        Map<String, BigInteger> keys = new HashMap<>();
        Map<String, BigInteger> seeds = new HashMap<>();
        dropped.forEach(d -> keys.put(d, received.get(d)[0]));
        survivors.forEach(s -> seeds.put(s, received.get(s)[1]));
        return new Reveal(agentId, myX, keys, seeds);
    }

    private int indexOf(String id) {
        for (int i = 0; i < roster.size(); i++) {
            if (roster.get(i).agentId().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException(id + " is not in the round's roster");
    }

    static int[] pairwiseMask(KeyPair mine, Advertisement theirs, int n) {
        return Crypto.expand(Crypto.agree(mine.getPrivate(), theirs.maskKey(), "vigil-fl-mask"), n);
    }

    static void addInto(int[] y, int[] mask, int sign) {
        for (int i = 0; i < y.length; i++) {
            y[i] += sign * mask[i];
        }
    }

    static List<Advertisement> sorted(List<Advertisement> ads) {
        List<Advertisement> s = new ArrayList<>(ads);
        s.sort(Comparator.comparing(Advertisement::agentId));
        return List.copyOf(s);
    }

    private byte[] nonce(String from, String to) {
        byte[] h = (from + "|" + to + "|" + round).getBytes(StandardCharsets.UTF_8);
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(h), 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pack(BigInteger a, BigInteger b) {
        byte[] x = a.toByteArray();
        byte[] y = b.toByteArray();
        return ByteBuffer.allocate(8 + x.length + y.length)
                .putInt(x.length)
                .put(x)
                .putInt(y.length)
                .put(y)
                .array();
    }

    private static BigInteger[] unpack(byte[] plain) {
        ByteBuffer in = ByteBuffer.wrap(plain);
        byte[] x = new byte[in.getInt()];
        in.get(x);
        byte[] y = new byte[in.getInt()];
        in.get(y);
        return new BigInteger[] {new BigInteger(x), new BigInteger(y)};
    }
}
