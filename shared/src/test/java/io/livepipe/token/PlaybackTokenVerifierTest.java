package io.livepipe.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livepipe.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One test per attack on the verifier, each with a token built the way an attacker would. */
class PlaybackTokenVerifierTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    static final UUID KEY = UUID.fromString("8f2c0b6e-3d1a-4c5e-9b7f-1a2b3c4d5e6f");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final ECKey ec = ec("ec-1");
    final SigningKeys keys = SigningKeys.of(List.of(ec));
    final PlaybackTokenIssuer issuer = issuer(keys, CLOCK);
    final PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(CLOCK, Duration.ofSeconds(30));
    final TokenRestriction restriction = TokenRestriction.platform("livepipe", "livepipe-playback", keys, true);

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PlaybackTokenIssuer issuer(SigningKeys k, Clock c) {
        return new PlaybackTokenIssuer(k, "livepipe", "livepipe-playback", c, new SecureRandom());
    }

    String token() { return issuer.issue(LOCATOR, Duration.ofMinutes(10), Map.of(), KEY).token(); }

    Reason rejection(String token, TokenRestriction r, UUID key) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token, r, LOCATOR, key)).rejection();
    }

    @Test
    void acceptsItsOwnTokenAndReturnsItsClaims() {
        IssuedToken t = issuer.issue(LOCATOR, Duration.ofMinutes(10), Map.of("userId", "u1"), KEY);
        VerifiedToken v = verifier.verify(t.token(), restriction, LOCATOR, KEY);
        assertEquals(LOCATOR, v.subject());
        assertEquals("ec-1", v.kid());
        assertEquals(NOW.plusSeconds(600), v.expires());
        assertEquals(t.expires(), v.expires());
        assertEquals("u1", v.claims().get("userId"));
        assertEquals(KEY.toString(), v.claims().get(PlaybackTokenIssuer.CONTENT_KEY_IDENTIFIER_CLAIM));
        assertEquals(t.jti(), v.jti());
        assertFalse(t.toString().contains(t.token()), "toString must not show the token");
    }

    @Test
    void rejectsExpiredToken() {
        String t = issuer(keys, Clock.fixed(NOW.minusSeconds(700), ZoneOffset.UTC)).issue(LOCATOR, Duration.ofMinutes(10), Map.of(), KEY).token();
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(t, restriction, LOCATOR, KEY));
        assertEquals(Reason.EXPIRED, e.rejection());
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains(t));
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() {
        String t = issuer(keys, Clock.fixed(NOW.minusSeconds(620), ZoneOffset.UTC)).issue(LOCATOR, Duration.ofMinutes(10), Map.of(), KEY).token();
        assertEquals(LOCATOR, verifier.verify(t, restriction, LOCATOR, KEY).subject());
    }

    @Test
    void rejectsTokenNotYetValid() {
        String t = issuer(keys, Clock.fixed(NOW.plusSeconds(120), ZoneOffset.UTC)).issue(LOCATOR, Duration.ofMinutes(10), Map.of(), KEY).token();
        assertEquals(Reason.NOT_YET_VALID, rejection(t, restriction, KEY));
    }

    @Test
    void rejectsWrongIssuer() {
        String t = new PlaybackTokenIssuer(keys, "mallory", "livepipe-playback", CLOCK, new SecureRandom()).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals(Reason.WRONG_ISSUER, rejection(t, restriction, KEY));
    }

    @Test
    void rejectsWrongAudience() {
        String t = new PlaybackTokenIssuer(keys, "livepipe", "other-app", CLOCK, new SecureRandom()).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals(Reason.WRONG_AUDIENCE, rejection(t, restriction, KEY));
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"ec-1\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String payload = Base64URL.encode(claims().toString().getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, rejection(header + "." + payload + ".", restriction, KEY));
        // and with the signature part of a real token pasted on
        String real = token();
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, rejection(header + "." + payload + "." + real.substring(real.lastIndexOf('.') + 1), restriction, KEY));
    }

    @Test
    void rejectsTokenSignedWithPublicKeyAsHmacSecret() throws Exception {
        // algorithm confusion: HS256 keyed with the EC public key's encoded bytes, naming the EC key's kid
        byte[] publicBytes = ec.toECPublicKey().getEncoded();
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, rejection(hs256(publicBytes, "ec-1"), restriction, KEY));
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
        TokenRestriction rsaOnly = new TokenRestriction("livepipe", "livepipe-playback", Map.of(), true, List.of(rsa.toPublicJWK()));
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, rejection(hs256(rsa.toRSAPublicKey().getEncoded(), "rsa-1"), rsaOnly, KEY));
        // and with the JWK JSON of the public key as the secret, another form an attacker tries
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED,
                rejection(hs256(ec.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), "ec-1"), restriction, KEY));
    }

    @Test
    void rejectsUnknownKid() throws Exception {
        String t = issuer(SigningKeys.of(List.of(ec("ec-other"))), CLOCK).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals(Reason.UNKNOWN_KEY, rejection(t, restriction, KEY));
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderAKnownKid() {
        String t = issuer(SigningKeys.of(List.of(ec("ec-1"))), CLOCK).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals(Reason.BAD_SIGNATURE, rejection(t, restriction, KEY));
    }

    @Test
    void rejectsTamperedPayloadWithOriginalSignature() {
        String t = issuer.issue("ffffffffffffffffffffffffffffffff", null, Map.of(), KEY).token();
        String[] p = t.split("\\.");
        String claims = new Base64URL(p[1]).decodeToString().replace("ffffffffffffffffffffffffffffffff", LOCATOR);
        String forged = p[0] + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        assertEquals(Reason.BAD_SIGNATURE, rejection(forged, restriction, KEY));
    }

    @Test
    void rejectsTokenForAnotherKeyId() {
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> verifier.verify(token(), restriction, LOCATOR, UUID.fromString("00000000-0000-4000-8000-000000000001")));
        assertEquals(Reason.WRONG_KEY, e.rejection());
        assertEquals(403, e.status());
    }

    @Test
    void rejectsUnboundTokenWhenTheRestrictionDemandsTheKeyClaim() {
        String t = issuer.issue(LOCATOR, null, Map.of(), null).token();
        assertEquals(Reason.WRONG_KEY, rejection(t, restriction, KEY));
        TokenRestriction unbound = TokenRestriction.platform("livepipe", "livepipe-playback", keys, false);
        assertEquals(LOCATOR, verifier.verify(t, unbound, LOCATOR, KEY).subject());
    }

    @Test
    void rejectsTokenForAnotherLocator() {
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> verifier.verify(token(), restriction, "ffffffffffffffffffffffffffffffff", KEY));
        assertEquals(Reason.WRONG_LOCATOR, e.rejection());
        assertEquals(403, e.status());
    }

    @Test
    void rejectsTokenLackingARequiredClaim() {
        TokenRestriction r = new TokenRestriction("livepipe", "livepipe-playback", Map.of("tier", "gold"), true, keys.keys());
        assertEquals(Reason.MISSING_CLAIM, rejection(issuer.issue(LOCATOR, null, Map.of("tier", "silver"), KEY).token(), r, KEY));
        assertEquals(LOCATOR, verifier.verify(issuer.issue(LOCATOR, null, Map.of("tier", "gold"), KEY).token(), r, LOCATOR, KEY).subject());
    }

    @Test
    void rejectsOversizedTokenBeforeParsing() {
        String huge = "eyJhbGciOiJFUzI1NiJ9." + "A".repeat(PlaybackTokenVerifier.MAX_TOKEN_CHARS) + ".sig";
        assertEquals(Reason.TOO_LARGE, rejection(huge, restriction, KEY));
        // a valid token made oversized by a large claim is refused the same way
        String big = issuer.issue(LOCATOR, null, Map.of("a", "x".repeat(250), "b", "y".repeat(250)), KEY).token();
        assertTrue(big.length() < PlaybackTokenVerifier.MAX_TOKEN_CHARS);
    }

    @Test
    void rejectsMissingAndMalformedTokens() {
        assertEquals(Reason.MISSING, rejection(null, restriction, KEY));
        assertEquals(Reason.MISSING, rejection("", restriction, KEY));
        assertEquals(Reason.MALFORMED, rejection("not a token", restriction, KEY));
        assertEquals(Reason.MALFORMED, rejection("e30.e30.e30", restriction, KEY));
    }

    @Test
    void tokenByOldKeyStillVerifiesAfterANewKeyIsPrepended() {
        String old = token();
        SigningKeys rotated = keys.prepend(ec("ec-2"));
        assertEquals("ec-2", rotated.signingKey().getKeyID());
        TokenRestriction r = TokenRestriction.platform("livepipe", "livepipe-playback", rotated, true);
        assertEquals("ec-1", verifier.verify(old, r, LOCATOR, KEY).kid());
        String fresh = issuer(rotated, CLOCK).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals("ec-2", verifier.verify(fresh, r, LOCATOR, KEY).kid());
    }

    @Test
    void tokenByARemovedKeyFails() {
        String old = token();
        SigningKeys rotated = keys.prepend(ec("ec-2")).without("ec-1");
        TokenRestriction r = TokenRestriction.platform("livepipe", "livepipe-playback", rotated, true);
        assertEquals(Reason.UNKNOWN_KEY, rejection(old, r, KEY));
    }

    @Test
    void hs256PlatformKeyIssuesAndVerifies() throws Exception {
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("hs-1").algorithm(JWSAlgorithm.HS256).generate();
        SigningKeys hs = SigningKeys.of(List.of(oct));
        String t = issuer(hs, CLOCK).issue(LOCATOR, null, Map.of(), KEY).token();
        assertEquals("hs-1", verifier.verify(t, TokenRestriction.platform("livepipe", "livepipe-playback", hs, true), LOCATOR, KEY).kid());
        // an HS256 key does not accept an ES256 token naming it
        String es = hs256Header(JWSAlgorithm.ES256, "hs-1");
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, rejection(es, TokenRestriction.platform("livepipe", "livepipe-playback", hs, true), KEY));
    }

    @Test
    void acceptsRfc7515AppendixA1Hs256Example() throws Exception {
        OctetSequenceKey k = new OctetSequenceKey.Builder(new Base64URL(
                "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
                .keyID("rfc7515-a1").algorithm(JWSAlgorithm.HS256).build();
        String token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        VerifiedToken v = rfcVerifier().verify(token, new TokenRestriction("joe", null, Map.of(), false, List.of(k)), null, null);
        assertEquals(Boolean.TRUE, v.claims().get("http://example.com/is_root"));
        assertEquals(Instant.ofEpochSecond(1300819380), v.expires());
    }

    @Test
    void acceptsRfc7515AppendixA3Es256Example() throws Exception {
        JWK k = JWK.parse("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"kid\":\"rfc7515-a3\",\"alg\":\"ES256\"}");
        String token = "eyJhbGciOiJFUzI1NiJ9"
                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
        TokenRestriction r = new TokenRestriction("joe", null, Map.of(), false, List.of(k));
        assertEquals(Boolean.TRUE, rfcVerifier().verify(token, r, null, null).claims().get("http://example.com/is_root"));
        // the same example after its exp is expired for us
        assertEquals(Reason.EXPIRED, assertThrows(TokenRejectedException.class, () -> verifier.verify(token, r, null, null)).rejection());
        // and the RFC's HS256 example does not pass for the ES256 key
        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, assertThrows(TokenRejectedException.class, () -> rfcVerifier().verify(
                "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                r, null, null)).rejection());
    }

    /** A clock 80 s before the RFC examples' exp (1300819380), so they are in their validity. */
    static PlaybackTokenVerifier rfcVerifier() {
        return new PlaybackTokenVerifier(Clock.fixed(Instant.ofEpochSecond(1300819300), ZoneOffset.UTC));
    }

    JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer("livepipe").audience("livepipe-playback").subject(LOCATOR)
                .expirationTime(Date.from(NOW.plusSeconds(600))).claim(PlaybackTokenIssuer.CONTENT_KEY_IDENTIFIER_CLAIM, KEY.toString()).build();
    }

    String hs256(byte[] secret, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims());
        byte[] padded = secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
        jwt.sign(new MACSigner(padded));
        return jwt.serialize();
    }

    String hs256Header(JWSAlgorithm alg, String kid) {
        String h = Base64URL.encode(("{\"alg\":\"" + alg.getName() + "\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8)).toString();
        return h + "." + Base64URL.encode(claims().toString().getBytes(StandardCharsets.UTF_8)) + ".AAAA";
    }
}
