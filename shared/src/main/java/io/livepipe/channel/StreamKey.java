package io.livepipe.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Stream keys: 192 random bits, URL-safe. Only a SHA-256 digest is stored (the key itself is
 * shown once, when the channel is created or the key rotated), so a copy of the state
 * container does not let anyone publish. The keys are random, so an unsalted digest is enough.
 */
public final class StreamKey {
    public static final int BYTES = 24;
    /** Longer keys than this are refused before hashing. */
    public static final int MAX_LENGTH = 128;

    private StreamKey() { }

    public static String generate(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
