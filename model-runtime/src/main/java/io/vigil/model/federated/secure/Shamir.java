package io.vigil.model.federated.secure;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Shamir's secret sharing of 32-byte secrets over the prime field of the Mersenne prime {@code 2^521 - 1} (large
 * enough for any 32-byte value, and a known prime, so no search at start). Any {@code threshold} shares give the
 * secret back; fewer give no information about it.
 */
final class Shamir {
    static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);

    private Shamir() {}

    /**
     * One share.
     *
     * @param x evaluation point, 1-based participant index
     * @param y polynomial value at x
     */
    record Share(int x, BigInteger y) {}

    static List<Share> split(byte[] secret, int n, int threshold, SecureRandom random) {
        if (threshold < 1 || threshold > n) {
            throw new IllegalArgumentException("threshold " + threshold + " not in 1.." + n);
        }
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = new BigInteger(1, secret);
        for (int k = 1; k < threshold; k++) {
            coefficients[k] = new BigInteger(PRIME.bitLength() + 64, random).mod(PRIME);
        }
        List<Share> shares = new ArrayList<>(n);
        for (int x = 1; x <= n; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int k = threshold - 1; k >= 0; k--) {
                y = y.multiply(bx).add(coefficients[k]).mod(PRIME);
            }
            shares.add(new Share(x, y));
        }
        return shares;
    }

    /** Lagrange interpolation at 0 from distinct shares; the caller supplies at least the threshold. */
    static byte[] combine(List<Share> shares, int length) {
        if (new HashSet<>(shares.stream().map(Share::x).toList()).size() != shares.size()) {
            throw new IllegalArgumentException("shares must have distinct points");
        }
        BigInteger secret = BigInteger.ZERO;
        for (Share i : shares) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (Share j : shares) {
                if (i != j) {
                    num = num.multiply(BigInteger.valueOf(-j.x())).mod(PRIME);
                    den = den.multiply(BigInteger.valueOf(i.x() - j.x())).mod(PRIME);
                }
            }
            secret = secret.add(i.y().multiply(num).multiply(den.modInverse(PRIME)))
                    .mod(PRIME);
        }
        byte[] raw = secret.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(length, raw.length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
