package io.livepipe.media.cenc;

import io.livepipe.crypto.Aes;
import io.livepipe.crypto.Encryptor;
import java.security.MessageDigest;

/**
 * The per-key state of {@link SegmentTransform}, kept per thread and reused while the key stays
 * the same: the ciphers (so no {@code Cipher.getInstance} and key expansion per segment), the
 * {@code cenc} IV mask and the {@code cbcs} constant IV. A segment then costs one
 * {@code Cipher.init} per sample and one bulk {@code update} per protected run, which is what
 * lets the JDK's AES-NI/VAES counter-mode intrinsics run at memory speed.
 */
final class SegmentKeys {
    private static final ThreadLocal<SegmentKeys> LAST = new ThreadLocal<>();

    private final byte[] key;
    private final byte[] keyId;
    private Encryptor ctr;
    private Encryptor videoPattern;
    private Encryptor wholeBlocks;
    private long mask;
    private boolean masked;
    private byte[] constantIv;

    private SegmentKeys(byte[] key, byte[] keyId) {
        this.key = key.clone();
        this.keyId = keyId.clone();
    }

    /** This thread's state for the key and key id, made anew when either differs from the last call's. */
    static SegmentKeys of(byte[] key16, byte[] keyId16) {
        SegmentKeys k = LAST.get();
        if (k == null || !MessageDigest.isEqual(k.key, key16) || !MessageDigest.isEqual(k.keyId, keyId16)) {
            k = new SegmentKeys(key16, keyId16);
            LAST.set(k);
        }
        return k;
    }

    Encryptor ctr() {
        if (ctr == null) ctr = Aes.ctr(key);
        return ctr;
    }

    /** cbcs: 1:9 for video, every whole block (0:0) for audio. */
    Encryptor cbcs(boolean video) {
        if (video) {
            if (videoPattern == null) videoPattern = Aes.cbcPattern(key, CmafEncryption.VIDEO_CRYPT_BLOCKS, CmafEncryption.VIDEO_SKIP_BLOCKS);
            return videoPattern;
        }
        if (wholeBlocks == null) wholeBlocks = Aes.cbcPattern(key, 0, 0);
        return wholeBlocks;
    }

    /** The upper 64 bits of every counter block of the segment with this identity. */
    long segmentPrefix(long segmentIdentity) {
        if (!masked) {
            mask = CencIvs.mask(key);
            masked = true;
        }
        return mask ^ segmentIdentity;
    }

    byte[] constantIv() {
        if (constantIv == null) constantIv = CencIvs.cbcsConstantIv(keyId);
        return constantIv;
    }
}
