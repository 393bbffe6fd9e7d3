package io.livepipe.token;

import io.livepipe.http.Refusal;
import java.util.Locale;
import java.util.Map;

/**
 * A playback token was not accepted. Carries a {@link Reason} and the HTTP status that goes with
 * it, as RFC 6750 §3.1 divides them: 401 (invalid_token: missing, malformed, wrong signature,
 * expired, not for this issuer or audience) or 403 (insufficient_scope: a valid token that is not
 * for this locator or key, or lacks a required claim). The message never contains the token. A
 * {@link Refusal} of its own type: its {@link #rejection()} is what callers and tests branch on,
 * its lower-case name is the problem's {@code code}, and its answer carries the Bearer challenge.
 */
public final class TokenRejectedException extends Refusal {
    public enum Reason {
        MISSING(401, "a playback token is required"),
        TOO_LARGE(401, "the token is larger than " + PlaybackTokenVerifier.MAX_TOKEN_CHARS + " characters"),
        MALFORMED(401, "the token is not a JWS compact serialization of a JWT"),
        ALGORITHM_NOT_ALLOWED(401, "the token's alg is not allowed for its key"),
        UNKNOWN_KEY(401, "the token's kid names no accepted key"),
        BAD_SIGNATURE(401, "the token's signature does not verify"),
        EXPIRED(401, "the token has expired"),
        NOT_YET_VALID(401, "the token is not valid yet"),
        WRONG_ISSUER(401, "the token's issuer is not accepted"),
        WRONG_AUDIENCE(401, "the token's audience is not accepted"),
        MISSING_CLAIM(403, "the token lacks a required claim or has another value"),
        WRONG_LOCATOR(403, "the token is for another locator"),
        WRONG_KEY(403, "the token is for another content key");

        private final int status;
        private final String detail;

        Reason(int status, String detail) {
            this.status = status;
            this.detail = detail;
        }

        public int status() { return status; }

        public String detail() { return detail; }
    }

    private final Reason rejection;

    /** Its {@link #code()} is the reason as it goes into a problem document or a log line, e.g. {@code expired}. */
    public TokenRejectedException(Reason rejection) {
        super(rejection.status() == 401 ? Refusal.Reason.UNAUTHORIZED : Refusal.Reason.FORBIDDEN,
                rejection.name().toLowerCase(Locale.ROOT), rejection.detail());
        this.rejection = rejection;
    }

    public Reason rejection() { return rejection; }

    /** RFC 6750 §3: invalid_token with a 401, insufficient_scope with a 403. */
    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer error=\"" + (status() == 401 ? "invalid_token" : "insufficient_scope") + "\"");
    }
}
