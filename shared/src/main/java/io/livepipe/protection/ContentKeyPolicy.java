package io.livepipe.protection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A content key policy (Media Services' ContentKeyPolicy with one open or token-restricted
 * option): who may get a locator's keys. Kept at {@code contentkeypolicies/{name}.json}.
 * {@code verificationKeys} are public JWKs (RFC 7517 §4) with kid and alg, or empty for the
 * platform's own signing keys.
 */
public record ContentKeyPolicy(String name, String restriction, String issuer, String audience,
                               Map<String, String> requiredClaims, boolean requireContentKeyIdentifierClaim,
                               List<Map<String, Object>> verificationKeys, Instant created) {
    public static final String OPEN = "open";
    public static final String TOKEN = "token";

    public ContentKeyPolicy {
        requiredClaims = requiredClaims == null ? Map.of() : Map.copyOf(requiredClaims);
        verificationKeys = verificationKeys == null ? List.of() : List.copyOf(verificationKeys);
    }

    public boolean isOpen() { return OPEN.equals(restriction); }
}
