package io.livepipe.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.livepipe.testing.SettableClock;
import io.livepipe.token.TokenRejectedException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verifier's memory of signatures that passed: a remembered token still meets exp and nbf
 * by the clock of each call, stops passing when the key that verified it leaves the key set
 * (or another key takes its kid), never vouches for other text with the same claims, never
 * remembers a refused token, and holds at most {@link VerifiedSignatures#MAX_ENTRIES}.
 */
class VerifiedSignaturesTest {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    static final UUID KEY = UUID.fromString("8f2c0b6e-3d1a-4c5e-9b7f-1a2b3c4d5e6f");

    final SettableClock clock = new SettableClock();

    {
        clock.now = NOW;
    }
    final ECKey ec1 = PlaybackTokenVerifierTest.ec("ec-1");
    final SigningKeys keys = SigningKeys.of(List.of(ec1));
    final PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(clock, Duration.ofSeconds(30));

    static TokenRestriction restriction(SigningKeys k) { return TokenRestriction.platform("livepipe", "livepipe-playback", k, true); }

    String token(SigningKeys k, Duration validFor) {
        return PlaybackTokenVerifierTest.issuer(k, clock).issue(LOCATOR, validFor, Map.of(), KEY).token();
    }

    Reason rejection(String token, TokenRestriction r) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token, r, LOCATOR, KEY)).rejection();
    }

    @Test
    void remembersAVerifiedTokenOnceAndAnswersTheSameClaims() {
        String t = token(keys, Duration.ofMinutes(10));
        VerifiedToken first = verifier.verify(t, restriction(keys), LOCATOR, KEY);
        VerifiedToken again = verifier.verify(t, restriction(keys), LOCATOR, KEY);
        assertEquals(first, again);
        assertEquals(1, verifier.rememberedSignatures());
    }

    @Test
    void refusesARememberedTokenOnceItHasExpired() {
        String t = token(keys, Duration.ofMinutes(10));
        verifier.verify(t, restriction(keys), LOCATOR, KEY);
        clock.now = NOW.plus(Duration.ofMinutes(10)).plusSeconds(30);
        assertEquals(Reason.EXPIRED, rejection(t, restriction(keys)));
    }

    @Test
    void refusesARememberedTokenBeforeItsNotBeforeWhenTheClockGoesBack() {
        String t = token(keys, Duration.ofMinutes(10)); // nbf = NOW
        verifier.verify(t, restriction(keys), LOCATOR, KEY);
        clock.now = NOW.minusSeconds(31);
        assertEquals(Reason.NOT_YET_VALID, rejection(t, restriction(keys)));
    }

    @Test
    void refusesARememberedTokenOnceItsKeyIsRotatedOut() {
        String t = token(keys, Duration.ofMinutes(10));
        verifier.verify(t, restriction(keys), LOCATOR, KEY);
        SigningKeys rotated = keys.prepend(PlaybackTokenVerifierTest.ec("ec-2")).without("ec-1");
        assertEquals(Reason.UNKNOWN_KEY, rejection(t, restriction(rotated)));
        verifier.verify(t, restriction(keys.prepend(PlaybackTokenVerifierTest.ec("ec-2"))), LOCATOR, KEY); // still in the set: passes
    }

    @Test
    void refusesARememberedTokenWhenAnotherKeyTakesItsKid() {
        String t = token(keys, Duration.ofMinutes(10));
        verifier.verify(t, restriction(keys), LOCATOR, KEY);
        SigningKeys impostor = SigningKeys.of(List.of(PlaybackTokenVerifierTest.ec("ec-1")));
        assertEquals(Reason.BAD_SIGNATURE, rejection(t, restriction(impostor)));
    }

    @Test
    void refusesAForgedTokenCarryingARememberedTokensClaims() throws Exception {
        String t = token(keys, Duration.ofMinutes(10));
        verifier.verify(t, restriction(keys), LOCATOR, KEY);
        SignedJWT genuine = SignedJWT.parse(t);
        SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        forged.sign(new com.nimbusds.jose.crypto.ECDSASigner(PlaybackTokenVerifierTest.ec("ec-1")));
        assertNotEquals(t, forged.serialize());
        assertEquals(Reason.BAD_SIGNATURE, rejection(forged.serialize(), restriction(keys)));
        String[] parts = t.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertEquals(Reason.BAD_SIGNATURE, rejection(otherSignature, restriction(keys)));
    }

    @Test
    void neverRemembersARefusedToken() {
        String t = token(keys, Duration.ofMinutes(10));
        TokenRestriction otherIssuer = new TokenRestriction("someone-else", "livepipe-playback", Map.of(), true, keys.keys());
        assertEquals(Reason.WRONG_ISSUER, rejection(t, otherIssuer));
        assertEquals(Reason.WRONG_LOCATOR, assertThrows(TokenRejectedException.class,
                () -> verifier.verify(t, restriction(keys), "ffffffffffffffffffffffffffffffff", KEY)).rejection());
        assertEquals(0, verifier.rememberedSignatures());
    }

    @Test
    void holdsAtMostItsBoundAndVerifiesAnEvictedTokenAgainInFull() throws Exception {
        OctetSequenceKey hs = new OctetSequenceKeyGenerator(256).keyID("hs-1").algorithm(JWSAlgorithm.HS256).generate();
        SigningKeys hmac = SigningKeys.of(List.of(hs));
        String first = token(hmac, Duration.ofMinutes(10));
        verifier.verify(first, restriction(hmac), LOCATOR, KEY);
        for (int i = 0; i < VerifiedSignatures.MAX_ENTRIES + 10; i++) {
            verifier.verify(token(hmac, Duration.ofMinutes(10)), restriction(hmac), LOCATOR, KEY);
        }
        assertEquals(VerifiedSignatures.MAX_ENTRIES, verifier.rememberedSignatures());
        assertEquals(LOCATOR, verifier.verify(first, restriction(hmac), LOCATOR, KEY).subject());
    }
}
