package io.livepipe.crypto;

import java.util.HexFormat;

/**
 * IVs for HLS {@code METHOD=AES-128} segments (RFC 8216 section 5.2), both deterministic so that
 * a segment's bytes are the same for every viewer and a CDN may cache them.
 */
public final class HlsIv {
    private static final byte[] TAG = {'l', 'p', '-', 'h', 'l', 's', 'i', 'v'};

    private HlsIv() { }

    /**
     * The IV a player assumes when EXT-X-KEY has no IV attribute: the media sequence number as
     * a 128-bit big-endian integer (RFC 8216 section 5.2). Only safe where a segment's sequence
     * number is the same in every playlist that lists it.
     */
    public static byte[] mediaSequence(long sequence) {
        if (sequence < 0) throw new CryptoException("media sequence number " + sequence + " is negative");
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        return iv;
    }

    /**
     * An explicit IV for EXT-X-KEY's IV attribute: AES-128 under the content key of one block
     * holding a fixed tag and {@code segmentIdentity} (e.g. track and decode time). AES is a
     * permutation, so distinct identities give distinct IVs; without the key they cannot be
     * predicted, as CBC wants (NIST SP 800-38A appendix C).
     */
    public static byte[] derived(byte[] key16, long segmentIdentity) {
        byte[] block = new byte[16];
        System.arraycopy(TAG, 0, block, 0, 8);
        for (int i = 0; i < 8; i++) block[15 - i] = (byte) (segmentIdentity >>> (8 * i));
        return Aes.encryptBlock(key16, block);
    }

    /** The IV as EXT-X-KEY writes it: {@code 0x} and 32 hex digits. */
    public static String attribute(byte[] iv16) {
        return "0x" + HexFormat.of().withUpperCase().formatHex(Aes.iv(iv16));
    }
}
