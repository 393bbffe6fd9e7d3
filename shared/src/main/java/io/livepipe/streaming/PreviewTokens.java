package io.livepipe.streaming;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived preview tokens: {@code {expiry epoch seconds}-{HMAC-SHA256 of "channel|expiry"}},
 * carried in the preview URL's path so that a player's relative requests keep it, and so that
 * no long-lived secret (function key) ever appears in a URL.
 */
public final class PreviewTokens {
    public static final Duration LIFETIME = Duration.ofHours(1);
    static final int MAX_TOKEN = 64;

    private final byte[] key;
    private final Clock clock;

    public PreviewTokens(byte[] key, Clock clock) {
        if (key.length < 16) throw new IllegalArgumentException("preview signing key shorter than 128 bits");
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue(String channel) {
        long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
        return expiry + "-" + mac(channel, expiry);
    }

    public Instant expiry(String token) { return Instant.ofEpochSecond(Long.parseLong(token.substring(0, token.indexOf('-')))); }

    public boolean valid(String channel, String token) {
        if (token == null || token.length() > MAX_TOKEN) return false;
        int dash = token.indexOf('-');
        if (dash <= 0 || dash > 12) return false;
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dash));
        } catch (NumberFormatException e) {
            return false;
        }
        if (clock.instant().getEpochSecond() > expiry) return false;
        return MessageDigest.isEqual(mac(channel, expiry).getBytes(StandardCharsets.US_ASCII),
                token.substring(dash + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String channel, long expiry) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] d = m.doFinal((channel + "|" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
