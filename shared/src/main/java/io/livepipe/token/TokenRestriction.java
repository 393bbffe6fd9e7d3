package io.livepipe.token;

import com.nimbusds.jose.jwk.JWK;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a token must satisfy to release a key: issuer, audience, claims with fixed string values,
 * whether it must name the requested key in the content key identifier claim, and the keys that
 * may have signed it (each bound to its alg). A null issuer or audience is not checked: the
 * content key policy service never builds such a restriction (it requires both); the RFC 7515
 * examples, which have no aud, need one.
 */
public record TokenRestriction(String issuer, String audience, Map<String, String> requiredClaims,
                               boolean requireContentKeyIdentifier, List<JWK> keys) {
    public TokenRestriction {
        requiredClaims = Map.copyOf(Objects.requireNonNullElse(requiredClaims, Map.of()));
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        if (keys.isEmpty()) throw new IllegalArgumentException("a token restriction needs at least one verification key");
        for (JWK k : keys) TokenAlgorithms.problem(k).ifPresent(p -> { throw new IllegalArgumentException(p); });
    }

    /** The platform's own tokens: its issuer and audience, its key set. */
    public static TokenRestriction platform(String issuer, String audience, SigningKeys keys, boolean requireContentKeyIdentifier) {
        return new TokenRestriction(issuer, audience, Map.of(), requireContentKeyIdentifier, keys.keys());
    }

    @Override
    public String toString() {
        return "TokenRestriction[issuer=" + issuer + ", audience=" + audience + ", requiredClaims=" + requiredClaims.keySet()
                + ", requireContentKeyIdentifier=" + requireContentKeyIdentifier + ", kids=" + keys.stream().map(JWK::getKeyID).toList() + "]";
    }
}
