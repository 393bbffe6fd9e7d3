package io.livepipe.token;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.JWSAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Arbitrary strings into the verifier: a verified token or a TokenRejectedException, nothing else. */
class PlaybackTokenVerifierFuzzTest {
    static final SigningKeys ES = SigningKeys.generateEs256("ec-1");
    static final OctetSequenceKey HS;
    static {
        try {
            HS = new OctetSequenceKeyGenerator(256).keyID("hs-1").algorithm(JWSAlgorithm.HS256).generate();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    static final TokenRestriction RESTRICTION = new TokenRestriction("livepipe", "livepipe-playback", Map.of("tier", "gold"), true,
            List.of(ES.signingKey(), HS));
    static final PlaybackTokenVerifier VERIFIER = new PlaybackTokenVerifier(Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "10s")
    void verifyOnlyThrowsTokenRejected(FuzzedDataProvider data) {
        boolean structured = data.consumeBoolean();
        String token;
        if (structured) {
            // three base64url parts, so the fuzzer reaches the header and claims parsers quickly
            String h = com.nimbusds.jose.util.Base64URL.encode(data.consumeString(200)).toString();
            String p = com.nimbusds.jose.util.Base64URL.encode(data.consumeString(400)).toString();
            token = h + "." + p + "." + data.consumeRemainingAsString();
        } else {
            token = data.consumeRemainingAsString();
        }
        try {
            assertNotNull(VERIFIER.verify(token, RESTRICTION, "0123456789abcdef0123456789abcdef", UUID.randomUUID()));
        } catch (TokenRejectedException expected) {
            // refused with the one exception type
        }
    }
}
