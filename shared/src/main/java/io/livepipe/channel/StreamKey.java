package io.livepipe.channel;

import io.livepipe.http.Refusal;
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

    /** Shortest stream key a user may choose (the ARM face's {@code accessToken}): 128 bits as hex, a GUID without dashes. */
    public static final int MIN_GIVEN_LENGTH = 32;
    private static final java.util.regex.Pattern GIVEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    /** A stream key a user chose: {@value #MIN_GIVEN_LENGTH} to {@value #MAX_LENGTH} URL-safe characters (it goes into ingest URLs), else 400. */
    public static String requireGiven(String key) {
        if (key.length() < MIN_GIVEN_LENGTH || key.length() > MAX_LENGTH || !GIVEN.matcher(key).matches()) {
            throw Refusal.badRequest("an access token must be " + MIN_GIVEN_LENGTH + " to " + MAX_LENGTH
                    + " letters, digits, '-' or '_' (a GUID without dashes will do)");
        }
        return key;
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
