package io.livepipe.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * IVs for HLS {@code METHOD=AES-128} segments (RFC 8216 section 5.2), deterministic so that
 * a segment's bytes are the same for every viewer and a CDN may cache them.
 */
public final class HlsIv {
    private HlsIv() { }

    /**
     * The explicit IV of one segment, for EXT-X-KEY's IV attribute: the first 16 bytes of SHA-256
     * over a tag and what identifies the segment in an asset (rendition, run, decode time), so it
     * is distinct for every segment and does not depend on the media sequence number of a sliding
     * window. It needs no key, since the playlist writer that prints it has none; the plaintext is
     * the platform's own stored media, never chosen by whoever sees the IV.
     */
    public static byte[] ofSegment(String rendition, String run, long decodeTime) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    ("livepipe-hls-iv|" + rendition + "|" + run + "|" + decodeTime).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(d, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IV as EXT-X-KEY writes it: {@code 0x} and 32 hex digits. */
    public static String attribute(byte[] iv16) {
        return "0x" + HexFormat.of().withUpperCase().formatHex(Aes.iv(iv16));
    }
}
