package io.livepipe.token;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livepipe.token.TokenRejectedException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a presented token against a {@link TokenRestriction}, in an order that spends nothing on
 * a token before it has earned it: size bound, header (alg on the allow-list; kid names a key
 * whose declared alg is the token's), signature, then the claims: exp and nbf (RFC 7519 §4.1.4,
 * §4.1.5, within a bounded clock skew), iss, aud, sub = the locator, required claims, and the
 * content key identifier claim when the restriction demands it. A token without kid is tried
 * only against a restriction of exactly one key (as Media Services tokens often have no kid).
 * Every failure is a {@link TokenRejectedException}; the token text goes nowhere. A signature
 * that verified is remembered by the token's SHA-256 ({@link VerifiedSignatures}), for the key
 * that verified it only; everything after the signature is checked on every call.
 */
public final class PlaybackTokenVerifier {
    /** Tokens longer than this are refused unread: a URL or header carries far less. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration skew;
    private final VerifiedSignatures signatures = new VerifiedSignatures();

    public PlaybackTokenVerifier(Clock clock) { this(clock, DEFAULT_CLOCK_SKEW); }

    public PlaybackTokenVerifier(Clock clock, Duration clockSkew) {
        this.clock = Objects.requireNonNull(clock);
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
        this.skew = clockSkew;
    }

    /**
     * Verifies {@code token}; {@code locatorId} (if not null) must be its sub, {@code keyId} (if not
     * null and the restriction demands it) its content key identifier claim.
     */
    public VerifiedToken verify(String token, TokenRestriction restriction, String locatorId, UUID keyId) {
        if (token == null || token.isEmpty()) throw new TokenRejectedException(Reason.MISSING);
        if (token.length() > MAX_TOKEN_CHARS) throw new TokenRejectedException(Reason.TOO_LARGE);
        String digest = VerifiedSignatures.digest(token);
        VerifiedSignatures.Signed signed = signatures.find(digest, restriction.keys()).orElseGet(() -> verifySignature(token, restriction.keys()));
        JWTClaimsSet claims = signed.claims();
        checkTimes(claims);
        if (restriction.issuer() != null && !restriction.issuer().equals(claims.getIssuer())) throw new TokenRejectedException(Reason.WRONG_ISSUER);
        if (restriction.audience() != null && (claims.getAudience() == null || !claims.getAudience().contains(restriction.audience()))) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE);
        }
        if (locatorId != null && !locatorId.equals(claims.getSubject())) throw new TokenRejectedException(Reason.WRONG_LOCATOR);
        for (Map.Entry<String, String> required : restriction.requiredClaims().entrySet()) {
            if (!required.getValue().equals(claims.getClaim(required.getKey()))) throw new TokenRejectedException(Reason.MISSING_CLAIM);
        }
        if (restriction.requireContentKeyIdentifier()) {
            Object bound = claims.getClaim(PlaybackTokenIssuer.CONTENT_KEY_IDENTIFIER_CLAIM);
            if (!(bound instanceof String s)) throw new TokenRejectedException(Reason.WRONG_KEY);
            UUID boundKey;
            try {
                boundKey = UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new TokenRejectedException(Reason.WRONG_KEY);
            }
            if (keyId == null || !keyId.equals(boundKey)) throw new TokenRejectedException(Reason.WRONG_KEY);
        }
        signatures.remember(digest, token, signed);
        return new VerifiedToken(signed.key().getKeyID(), claims.getSubject(), claims.getJWTID(), claims.getExpirationTime().toInstant(), signed.shown());
    }

    /** Header (alg on the allow-list, kid naming a key bound to that alg), then the signature: the claims it covers. */
    private static VerifiedSignatures.Signed verifySignature(String token, List<JWK> keys) {
        int dot = token.indexOf('.');
        if (dot <= 0) throw new TokenRejectedException(Reason.MALFORMED);
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        // alg "none" parses as a PlainHeader, JWE algorithms as a JWEHeader: neither is a signature
        if (!(header instanceof JWSHeader jws) || !TokenAlgorithms.ALLOWED.contains(jws.getAlgorithm())) {
            throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED);
        }
        JWK key = keyFor(jws.getKeyID(), keys).orElseThrow(() -> new TokenRejectedException(Reason.UNKNOWN_KEY));
        if (!jws.getAlgorithm().equals(TokenAlgorithms.algorithmOf(key))) throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED);
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        try {
            if (!jwt.verify(TokenAlgorithms.verifier(key))) throw new TokenRejectedException(Reason.BAD_SIGNATURE);
        } catch (JOSEException | RuntimeException e) {
            if (e instanceof TokenRejectedException t) throw t;
            throw new TokenRejectedException(Reason.BAD_SIGNATURE);
        }
        try {
            return new VerifiedSignatures.Signed(jws.getKeyID(), key, jwt.getJWTClaimsSet());
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
    }

    /** The key a token's kid names among {@code keys}; without kid, the only key of a one-key set. */
    static Optional<JWK> keyFor(String kid, List<JWK> keys) {
        if (kid == null) return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
        for (JWK k : keys) if (kid.equals(k.getKeyID())) return Optional.of(k);
        return Optional.empty();
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        // a playback token without exp would be good forever: refuse it as malformed
        if (exp == null) throw new TokenRejectedException(Reason.MALFORMED);
        if (!now.isBefore(exp.toInstant().plus(skew))) throw new TokenRejectedException(Reason.EXPIRED);
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) throw new TokenRejectedException(Reason.NOT_YET_VALID);
    }

    /** How many verified signatures are remembered (never the tokens themselves). */
    int rememberedSignatures() { return signatures.size(); }

    /** The algorithm a key is bound to, for callers that show a key's use. */
    public static JWSAlgorithm algorithmOf(JWK key) { return TokenAlgorithms.algorithmOf(key); }
}
