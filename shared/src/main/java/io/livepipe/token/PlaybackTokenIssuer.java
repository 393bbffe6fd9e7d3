package io.livepipe.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Issues playback JWTs (RFC 7519 §4.1) for a streaming locator: iss, aud, sub = the locator id,
 * exp, nbf, iat, a random jti, caller claims, and optionally the Media Services content key
 * identifier claim binding the token to one key. Signed with the first of the platform's keys,
 * its kid in the header (RFC 7515 §4.1.4) so that verifiers pick the key without trying each.
 */
public final class PlaybackTokenIssuer {
    public static final String CONTENT_KEY_IDENTIFIER_CLAIM = "urn:microsoft:azure:mediaservices:contentkeyidentifier";
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);
    public static final Duration MAX_VALIDITY = Duration.ofDays(1);
    public static final int MAX_EXTRA_CLAIMS = 16;
    public static final int MAX_CLAIM_NAME = 64;
    public static final int MAX_CLAIM_VALUE = 256;
    /** Claims the issuer sets itself; a caller cannot override them. */
    public static final Set<String> RESERVED = Set.of("iss", "aud", "sub", "exp", "nbf", "iat", "jti", CONTENT_KEY_IDENTIFIER_CLAIM);

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final SecureRandom random;

    public PlaybackTokenIssuer(SigningKeys keys, String issuer, String audience, Clock clock, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys);
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /**
     * A token for {@code locatorId}, valid from now for {@code validFor} (1 s to 1 day); extra
     * claims are strings, numbers or booleans with bounded names and values; {@code keyId}, when
     * given, goes into the content key identifier claim. Bad arguments: IllegalArgumentException
     * with a message naming the problem (never a claim value).
     */
    public IssuedToken issue(String locatorId, Duration validFor, Map<String, ?> extraClaims, UUID keyId) {
        if (locatorId == null || locatorId.isBlank()) throw new IllegalArgumentException("a locator id is required");
        Duration valid = validFor == null ? DEFAULT_VALIDITY : validFor;
        if (valid.compareTo(Duration.ofSeconds(1)) < 0 || valid.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("validFor must be between PT1S and " + MAX_VALIDITY);
        }
        Map<String, ?> extra = extraClaims == null ? Map.of() : extraClaims;
        if (extra.size() > MAX_EXTRA_CLAIMS) throw new IllegalArgumentException("at most " + MAX_EXTRA_CLAIMS + " claims");
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant exp = now.plus(valid);
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        String jtiText = HexFormat.of().formatHex(jti);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        for (Map.Entry<String, ?> e : extra.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.length() > MAX_CLAIM_NAME) {
                throw new IllegalArgumentException("claim names are 1-" + MAX_CLAIM_NAME + " characters");
            }
            if (RESERVED.contains(name)) throw new IllegalArgumentException("claim " + name + " is set by the issuer");
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new IllegalArgumentException("claim " + name + " must be a string, number or boolean");
            }
            if (v.toString().length() > MAX_CLAIM_VALUE) throw new IllegalArgumentException("claim " + name + " is longer than " + MAX_CLAIM_VALUE);
            b.claim(name, v);
        }
        b.issuer(issuer).audience(audience).subject(locatorId).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp)).jwtID(jtiText);
        if (keyId != null) b.claim(CONTENT_KEY_IDENTIFIER_CLAIM, keyId.toString());
        JWK key = keys.signingKey();
        JWSHeader header = new JWSHeader.Builder(TokenAlgorithms.algorithmOf(key)).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, b.build());
        try {
            jwt.sign(TokenAlgorithms.signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
        }
        return new IssuedToken(jwt.serialize(), exp, jtiText);
    }
}
