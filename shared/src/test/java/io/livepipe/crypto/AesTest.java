package io.livepipe.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The AES modes against NIST SP 800-38A appendix F, and the cbcs pattern worked by hand from them. */
class AesTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    /** F.1–F.5 plaintext, four blocks. */
    static final byte[] PLAIN = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");
    static final byte[] CBC_IV = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    /** F.2.1 CBC-AES128.Encrypt. */
    static final byte[] CBC_CIPHER = HEX.parseHex("7649abac8119b246cee98e9b12e9197d" + "5086cb9b507219ee95db113a917678b2"
            + "73bed6b8e3c1743b7116e69e22229516" + "3ff1caa1681fac09120eca307586e1a7");
    static final byte[] CTR_COUNTER = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    /** F.5.1 CTR-AES128.Encrypt. */
    static final byte[] CTR_CIPHER = HEX.parseHex("874d6191b620e3261bef6864990db6ce" + "9806f66b7970fdff8617187bb9fffdff"
            + "5ae4df3edbd5d35e5b4f09020db03eab" + "1e031dda2fbe03d1792170a0f3009cee");

    static byte[] block(byte[] b, int i) { return Arrays.copyOfRange(b, 16 * i, 16 * i + 16); }

    @Test
    void ctrMatchesNistF51() {
        Encryptor e = Aes.ctr(KEY);
        e.reset(CTR_COUNTER);
        byte[] out = new byte[64];
        assertEquals(64, e.encrypt(PLAIN, 0, 64, out, 0));
        assertArrayEquals(CTR_CIPHER, out);
    }

    @Test
    void ctrContinuesOneKeyStreamAcrossRangesOfAnyLength() {
        Encryptor e = Aes.ctr(KEY);
        e.reset(CTR_COUNTER);
        byte[] out = new byte[64];
        int[] cuts = {0, 5, 21, 32, 33, 64};
        for (int i = 0; i + 1 < cuts.length; i++) e.encrypt(PLAIN, cuts[i], cuts[i + 1] - cuts[i], out, cuts[i]);
        assertArrayEquals(CTR_CIPHER, out);
        e.reset(CTR_COUNTER);
        e.encrypt(PLAIN, 0, 16, out, 0);
        assertArrayEquals(block(CTR_CIPHER, 0), Arrays.copyOf(out, 16), "reset starts the stream again");
    }

    @Test
    void patternZeroZeroIsPlainCbcOverWholeBlocksAndMatchesNistF21() {
        Encryptor e = Aes.cbcPattern(KEY, 0, 0);
        e.reset(CBC_IV);
        byte[] in = Arrays.copyOf(PLAIN, 64 + 7);
        Arrays.fill(in, 64, 71, (byte) 0x5a);
        byte[] out = new byte[71];
        e.encrypt(in, 0, 71, out, 0);
        assertArrayEquals(CBC_CIPHER, Arrays.copyOf(out, 64));
        assertArrayEquals(Arrays.copyOfRange(in, 64, 71), Arrays.copyOfRange(out, 64, 71), "partial block stays clear");
    }

    /**
     * 1:9 over 12 blocks and 5 bytes: blocks 0 and 10 are encrypted, chained to each other, the
     * rest and the tail are clear. With NIST's P1 in block 0 and P2 in block 10 at NIST's IV,
     * block 0 must be NIST's C1 and block 10 NIST's C2 (C2 = E(P2 xor C1)).
     */
    @Test
    void pattern1to9EncryptsEveryTenthBlockChainedOnlyThroughEncryptedBlocks() {
        byte[] in = new byte[12 * 16 + 5];
        for (int i = 0; i < in.length; i++) in[i] = (byte) (i * 7);
        System.arraycopy(PLAIN, 0, in, 0, 16);
        System.arraycopy(PLAIN, 16, in, 160, 16);
        Encryptor e = Aes.cbcPattern(KEY, 1, 9);
        e.reset(CBC_IV);
        byte[] out = new byte[in.length];
        e.encrypt(in, 0, in.length, out, 0);
        assertArrayEquals(block(CBC_CIPHER, 0), block(out, 0));
        assertArrayEquals(block(CBC_CIPHER, 1), block(out, 10));
        for (int b : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 11}) assertArrayEquals(block(in, b), block(out, b), "block " + b + " clear");
        assertArrayEquals(Arrays.copyOfRange(in, 192, 197), Arrays.copyOfRange(out, 192, 197), "tail clear");

        byte[] again = new byte[16];
        e.encrypt(in, 0, 16, again, 0);
        assertArrayEquals(block(CBC_CIPHER, 0), again, "each range (subsample) restarts the chain at the IV");
    }

    /** The runs of a pattern, block by block through a plain CBC chain: what the gathered pattern must equal. */
    static byte[] patternByBlocks(byte[] in, int crypt, int skip) throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"), new javax.crypto.spec.IvParameterSpec(CBC_IV));
        byte[] out = in.clone();
        for (int pos = 0; in.length - pos >= crypt * 16; pos += (crypt + skip) * 16) c.update(in, pos, crypt * 16, out, pos);
        return out;
    }

    /** Ranges of every length around the period's edges, patterns 1:9 and 2:8, into another array and within the same one (in place, ahead or exactly over its input). */
    @Test
    void patternsGiveTheSameBytesAtAnyLengthAndInPlace() throws Exception {
        for (int[] pattern : new int[][] {{1, 9}, {2, 8}}) {
            Encryptor e = Aes.cbcPattern(KEY, pattern[0], pattern[1]);
            for (int len : new int[] {0, 15, 16, 17, 159, 160, 161, 175, 176, 177, 319, 320, 336, 5000, 70_001}) {
                byte[] in = new byte[len];
                for (int i = 0; i < len; i++) in[i] = (byte) (i * 31 + len);
                byte[] expected = patternByBlocks(in, pattern[0], pattern[1]);
                byte[] out = new byte[len];
                e.reset(CBC_IV);
                assertEquals(len, e.encrypt(in, 0, len, out, 0));
                assertArrayEquals(expected, out, pattern[0] + ":" + pattern[1] + " over " + len);
                for (int shift : new int[] {0, 64}) {
                    byte[] same = new byte[len + 64];
                    System.arraycopy(in, 0, same, 64, len);
                    e.reset(CBC_IV);
                    e.encrypt(same, 64, len, same, 64 - shift);
                    assertArrayEquals(expected, Arrays.copyOfRange(same, 64 - shift, 64 - shift + len), "in place " + shift + " ahead, " + len);
                }
            }
        }
    }

    @Test
    void patternLeavesALastPartialBlockAndShortRangesClear() {
        Encryptor e = Aes.cbcPattern(KEY, 1, 9);
        e.reset(CBC_IV);
        byte[] in = Arrays.copyOf(PLAIN, 15);
        byte[] out = new byte[15];
        e.encrypt(in, 0, 15, out, 0);
        assertArrayEquals(in, out);
    }

    @Test
    void cbcPkcs7MatchesNistThenAddsAFullPaddingBlockForWholeBlockInput() throws Exception {
        Encryptor e = Aes.cbcPkcs7(KEY);
        e.reset(CBC_IV);
        assertEquals(80, e.outputSize(64));
        byte[] out = new byte[80];
        assertEquals(80, e.encrypt(PLAIN, 0, 64, out, 0));
        assertArrayEquals(CBC_CIPHER, Arrays.copyOf(out, 64));
        // The padding block is 16 bytes of 0x10 chained to C4: check it with the JDK's own padding mode.
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"), new javax.crypto.spec.IvParameterSpec(CBC_IV));
        assertArrayEquals(jdk.doFinal(PLAIN), out);
        byte[] odd = Envelope.encrypt(Arrays.copyOf(PLAIN, 37), KEY, CBC_IV);
        assertEquals(48, odd.length);
        assertArrayEquals(jdk.doFinal(Arrays.copyOf(PLAIN, 37)), odd);
    }

    @Test
    void refusesKeysAndIvsOfTheWrongSizeAndPatternsCbcsDoesNotHave() {
        assertThrows(CryptoException.class, () -> Aes.ctr(new byte[15]));
        assertThrows(CryptoException.class, () -> Aes.ctr(KEY).reset(new byte[8]));
        assertThrows(CryptoException.class, () -> Aes.cbcPattern(KEY, 0, 9));
        assertThrows(CryptoException.class, () -> Aes.cbcPkcs7(KEY).encrypt(PLAIN, 0, 16, new byte[32], 0));
    }

    @Test
    void hlsIvsAreAHashOfTheSegmentsIdentity() throws Exception {
        byte[] a = HlsIv.ofSegment("video", "run1", 180_000);
        assertArrayEquals(a, HlsIv.ofSegment("video", "run1", 180_000), "deterministic");
        assertEquals(false, Arrays.equals(a, HlsIv.ofSegment("video", "run1", 360_000)));
        assertEquals(false, Arrays.equals(a, HlsIv.ofSegment("audio", "run1", 180_000)), "renditions sharing a key differ");
        assertEquals(false, Arrays.equals(a, HlsIv.ofSegment("video", "run2", 180_000)), "runs that restart decode times differ");
        assertArrayEquals(Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256")
                .digest("livepipe-hls-iv|video|run1|180000".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 16), a);
    }
}
