package io.livepipe.media.cenc;

import io.livepipe.crypto.Aes;
import io.livepipe.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic IVs (the derivation is explained in the package documentation): per-sample
 * 16-byte IVs for {@code cenc} from the key and the caller's 64-bit segment identity, and the
 * constant IV of {@code cbcs} from the key id.
 */
public final class CencIvs {
    /** Sample indexes sit above a 40-bit block counter: 2^40 blocks (16 TiB) per sample. */
    static final int BLOCK_COUNTER_BITS = 40;
    private static final byte[] MASK_INPUT = "livepipe/cenc/iv".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CBCS_TAG = "livepipe/cbcs/constant-iv".getBytes(StandardCharsets.US_ASCII);

    private CencIvs() { }

    /** The upper 64 bits of every counter block of one segment: identity XOR a key-derived mask. */
    static long segmentPrefix(byte[] key16, long segmentIdentity) {
        return mask(key16) ^ segmentIdentity;
    }

    /** The key-derived mask: the first 8 bytes of AES-128_K("livepipe/cenc/iv"). */
    static long mask(byte[] key16) {
        byte[] m = Aes.encryptBlock(key16, MASK_INPUT);
        long mask = 0;
        for (int i = 0; i < 8; i++) mask = mask << 8 | (m[i] & 0xff);
        return mask;
    }

    /** Writes the 16-byte IV of sample {@code index} of the segment with this prefix. */
    static void sampleIv(long prefix, int index, byte[] out16) {
        long low = (long) index << BLOCK_COUNTER_BITS;
        for (int i = 0; i < 8; i++) {
            out16[7 - i] = (byte) (prefix >>> (8 * i));
            out16[15 - i] = (byte) (low >>> (8 * i));
        }
    }

    /** The {@code cbcs} constant IV of a track: SHA-256 of a tag and the key id, first 16 bytes. */
    public static byte[] cbcsConstantIv(byte[] keyId16) {
        if (keyId16 == null || keyId16.length != 16) throw new CryptoException("key id must be 16 bytes");
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(CBCS_TAG);
            byte[] h = d.digest(keyId16);
            return java.util.Arrays.copyOf(h, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }
}
