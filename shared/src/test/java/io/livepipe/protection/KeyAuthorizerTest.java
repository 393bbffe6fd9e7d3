package io.livepipe.protection;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepipe.platform.Services;
import io.livepipe.token.TokenRejectedException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate the key delivery and license functions call: open and token policies, end to end over the file store. */
class KeyAuthorizerTest {
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    @TempDir
    Path root;
    ProtectionFixture f;
    KeyAuthorizer gate;
    ContentKey key;

    @BeforeEach
    void setUp() {
        f = new ProtectionFixture(root, Clock.systemUTC());
        f.asset("a1");
        f.locator(LOCATOR, "a1");
        ContentKeyPolicyService policies = Services.contentKeyPolicies(f.platform);
        policies.create(new ContentKeyPolicyRequest("open", "open", null, null, null, null, null));
        policies.create(new ContentKeyPolicyRequest("bound", "token", "livepipe", "livepipe-playback", null, true, null));
        key = Services.contentKeys(f.platform).keys("a1", Services.archive(f.platform).asset("a1").created()).contentKeys().get(0);
        gate = Services.keyAuthorizer(f.platform);
    }

    String token(boolean bind) {
        return Services.playbackTokens(f.platform).issue(LOCATOR, new TokenRequest("PT5M", Map.of(), bind)).token();
    }

    @Test
    void openPolicyReleasesTheKeyWithoutAToken() {
        assertEquals(key, gate.authorize(LOCATOR, "open", null, key.keyId()));
    }

    @Test
    void tokenPolicyReleasesTheKeyToABoundToken() {
        assertEquals(key, gate.authorize(LOCATOR, "bound", token(true), key.keyId()));
    }

    @Test
    void tokenPolicyRefusesNoTokenAndAnUnboundToken() {
        TokenRejectedException none = assertThrows(TokenRejectedException.class, () -> gate.authorize(LOCATOR, "bound", null, key.keyId()));
        assertEquals(401, none.status());
        assertEquals(403, assertThrows(TokenRejectedException.class, () -> gate.authorize(LOCATOR, "bound", token(false), key.keyId())).status());
    }

    @Test
    void unknownLocatorPolicyOrKeyAreRefused() {
        assertEquals(404, assertThrows(Refusal.class, () -> gate.authorize("ffffffffffffffffffffffffffffffff", "open", null, key.keyId())).status());
        assertEquals(403, assertThrows(Refusal.class, () -> gate.authorize(LOCATOR, null, null, key.keyId())).status());
        assertEquals(403, assertThrows(Refusal.class, () -> gate.authorize(LOCATOR, "gone", null, key.keyId())).status());
        assertEquals(404, assertThrows(Refusal.class, () -> gate.authorize(LOCATOR, "open", null, UUID.randomUUID())).status());
        // with a token policy, a token for the requested (unknown) key is checked before the lookup
        assertEquals(403, assertThrows(TokenRejectedException.class, () -> gate.authorize(LOCATOR, "bound", token(true), UUID.randomUUID())).status());
    }

    @Test
    void tokenIssuanceNeedsAnExistingLocatorAndSaneArguments() {
        PlaybackTokens tokens = Services.playbackTokens(f.platform);
        assertEquals(404, assertThrows(Refusal.class, () -> tokens.issue("ffffffffffffffffffffffffffffffff", null)).status());
        assertEquals(400, assertThrows(Refusal.class, () -> tokens.issue(LOCATOR, new TokenRequest("an hour", null, null))).status());
        assertEquals(400, assertThrows(Refusal.class, () -> tokens.issue(LOCATOR, new TokenRequest("P2D", null, null))).status());
        assertEquals(400, assertThrows(Refusal.class, () -> tokens.issue(LOCATOR, new TokenRequest(null, Map.of("sub", "x"), null))).status());
    }
}
