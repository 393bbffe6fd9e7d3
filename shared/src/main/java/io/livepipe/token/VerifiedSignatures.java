package io.livepipe.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import io.livepipe.cache.LruCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens whose signature (and every claim, at the time) already passed, so that a player asking
 * for keys again does not pay a signature check each time (ES256: most of a key request). Keyed
 * by the SHA-256 of the exact token text — a forged token carrying a cached token's claims is
 * other text, so it misses and is verified in full; the token itself is kept nowhere. An entry
 * holds the key that verified it and the kid it was chosen by, and counts only while the
 * restriction in force picks that same key by that kid: a key rotated out (or a policy's keys
 * replaced) makes its tokens miss, and fail. What an entry saves is the signature, nothing else:
 * exp/nbf, issuer, audience, subject and claims are checked against the caller's clock and
 * restriction on every use. Only tokens that passed are put here (a bad one cannot evict good
 * ones by being refused), tokens over {@link #MAX_KEPT_TOKEN_CHARS} are not kept, and at most
 * {@link #MAX_ENTRIES} are, least recently used out first.
 */
final class VerifiedSignatures {
    static final int MAX_ENTRIES = 4096;
    /** Larger tokens are verified each time: the bound keeps the cache under ~16 MiB of claims. */
    static final int MAX_KEPT_TOKEN_CHARS = 2048;

    /**
     * A signature that verified: by which key, chosen by which kid (null: the only key), over which
     * claims, and those claims as a verified token shows them (dates as instants), made once.
     */
    record Signed(String kid, JWK key, JWTClaimsSet claims, Map<String, Object> shown) {
        Signed(String kid, JWK key, JWTClaimsSet claims) { this(kid, key, claims, shown(claims)); }

        private static Map<String, Object> shown(JWTClaimsSet claims) {
            Map<String, Object> all = new HashMap<>();
            claims.getClaims().forEach((k, v) -> { if (v != null) all.put(k, v instanceof Date d ? d.toInstant() : v); });
            return Map.copyOf(all);
        }
    }

    private final LruCache<String, Signed> signed = LruCache.ofEntries(MAX_ENTRIES);

    /** The token's cache key: its SHA-256, so the token text is never held. */
    static String digest(String token) {
        byte[] d = SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    }

    /** One digest per thread: looking the algorithm up is dearer than the hash of a token. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    /** What the token {@code digest} names verified as, if the key that verified it is the one {@code keys} picks for its kid now. */
    Optional<Signed> find(String digest, List<JWK> keys) {
        Signed s = signed.get(digest);
        if (s == null) return Optional.empty();
        JWK current = PlaybackTokenVerifier.keyFor(s.kid(), keys).orElse(null);
        return s.key().equals(current) ? Optional.of(s) : Optional.empty();
    }

    /** Remembers a token that passed every check. */
    void remember(String digest, String token, Signed s) {
        if (token.length() <= MAX_KEPT_TOKEN_CHARS) signed.put(digest, s);
    }

    int size() { return signed.size(); }

    @Override
    public String toString() { return "VerifiedSignatures[" + signed.size() + " entries]"; }
}
