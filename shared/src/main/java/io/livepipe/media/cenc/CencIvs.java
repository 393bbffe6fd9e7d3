package io.livepipe.media.cenc;

import io.livepipe.crypto.Aes;
import io.livepipe.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic IVs (the derivation is explained in the package documentation): per-sample
 * 16-byte IVs for {@code cenc} from the key and a segment identity, and the constant IV of
 * {@code cbcs} from the key id.
 */
public final class CencIvs {
    /** Track numbers fit the top byte of a segment identity; decode times the 56 bits below. */
    public static final int MAX_TRACK = 255;
    public static final long MAX_DECODE_TIME = (1L << 56) - 1;
    /** Sample indexes sit above a 40-bit block counter: 2^40 blocks (16 TiB) per sample. */
    static final int BLOCK_COUNTER_BITS = 40;
    private static final byte[] MASK_INPUT = "livepipe/cenc/iv".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CBCS_TAG = "livepipe/cbcs/constant-iv".getBytes(StandardCharsets.US_ASCII);

    private CencIvs() { }

    /**
     * A segment identity unique for every segment of every track encrypted under one key:
     * {@code track} (0–255, e.g. the rendition's index in the asset) in the top byte, the
     * segment's base decode time (in its track's timescale) below. Decode times of one track only
     * grow, so no two segments of an asset share an identity.
     */
    public static long segmentIdentity(int track, long baseDecodeTime) {
        if (track < 0 || track > MAX_TRACK) throw new IllegalArgumentException("track " + track + " not in 0.." + MAX_TRACK);
        if (baseDecodeTime < 0 || baseDecodeTime > MAX_DECODE_TIME) {
            throw new IllegalArgumentException("decode time " + baseDecodeTime + " does not fit 56 bits");
        }
        return (long) track << 56 | baseDecodeTime;
    }

    /** The upper 64 bits of every counter block of one segment: identity XOR a key-derived mask. */
    static long segmentPrefix(byte[] key16, long segmentIdentity) {
        byte[] m = Aes.encryptBlock(key16, MASK_INPUT);
        long mask = 0;
        for (int i = 0; i < 8; i++) mask = mask << 8 | (m[i] & 0xff);
        return mask ^ segmentIdentity;
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
