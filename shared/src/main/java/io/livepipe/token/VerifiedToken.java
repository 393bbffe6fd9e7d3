package io.livepipe.token;

import java.time.Instant;
import java.util.Map;

/** The claims of a token that passed every check. */
public record VerifiedToken(String kid, String subject, String jti, Instant expires, Map<String, Object> claims) {
    public VerifiedToken {
        claims = Map.copyOf(claims);
    }
}
