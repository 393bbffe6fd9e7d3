package io.livepipe.protection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import io.livepipe.http.Refusal;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.platform.Services;
import io.livepipe.storage.Condition;
import io.livepipe.streaming.Locator;
import io.livepipe.testing.SettableClock;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.SigningKeys;
import io.livepipe.token.TokenRejectedException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release gate's memory of what it looked up ({@link KeyGrants}): used again for a second,
 * never for the token, and bounded in time (deletions and replaced policies take effect within
 * {@link KeyGrants#FRESH_FOR}) and in size.
 */
class KeyGrantsTest {
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    static final Duration BOUND = KeyGrants.FRESH_FOR;
    @TempDir
    Path root;
    final SettableClock clock = new SettableClock();
    ProtectionFixture f;
    /** One process's services: the gate and the services whose deletes it hears of. */
    ServiceGraph graph;
    ContentKeyPolicyService policies;
    KeyAuthorizer gate;
    ContentKey key;

    @BeforeEach
    void setUp() {
        f = new ProtectionFixture(root, clock);
        f.asset("a1");
        graph = new ServiceGraph(f.platform);
        policies = graph.contentKeyPolicies();
        policies.create(new ContentKeyPolicyRequest("bound", "token", "livepipe", "livepipe-playback", null, true, null));
        f.docs.create("locators/" + LOCATOR + ".json", new Locator(LOCATOR, "a1", "envelope", null, null, clock.instant(), "bound", null));
        key = graph.contentKeys().keys("a1", graph.archive().asset("a1").created()).contentKeys().get(0);
        gate = graph.keyAuthorizer();
    }

    String token() { return token(f.signingKeys, clock.instant()); }

    /** A token for {@link #LOCATOR} and {@link #key} signed with {@code keys}, issued at {@code at} for five minutes. */
    String token(SigningKeys keys, Instant at) {
        SettableClock then = new SettableClock();
        then.now = at;
        return new PlaybackTokenIssuer(keys, "livepipe", "livepipe-playback", then, new SecureRandom())
                .issue(LOCATOR, Duration.ofMinutes(5), Map.of(), key.keyId()).token();
    }

    ContentKey release(String token) { return gate.release(LOCATOR, key.keyId(), token, l -> { }); }

    int rejected(String token) { return assertThrows(TokenRejectedException.class, () -> release(token)).status(); }

    @Test
    void aReleaseIsRememberedForTheLocatorAndKey() {
        assertEquals(key, release(token()));
        assertTrue(new KeyGrants(clock).find(LOCATOR, key.keyId()).isEmpty(), "each gate has its own memory");
        f.docs.store().delete("contentkeypolicies/bound.json", Condition.none());
        assertEquals(key, release(token()), "within the bound, from memory");
        clock.advance(BOUND);
        assertEquals(403, assertThrows(Refusal.class, () -> release(token())).status(), "past it, read afresh");
    }

    @Test
    void forgedExpiredAndMisboundTokensAreRefusedAfterAGoodOneWasRemembered() {
        String good = token();
        assertEquals(key, release(good));
        String[] parts = good.split("\\.");
        String otherSignature = token().split("\\.")[2];
        assertEquals(401, rejected(parts[0] + "." + parts[1] + "." + otherSignature), "the claims of a good token under another signature");
        String claimsAltered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "xx." + parts[2];
        assertTrue(rejected(claimsAltered) >= 401);
        assertEquals(401, rejected(token(f.signingKeys, clock.instant().minus(Duration.ofMinutes(10)))), "expired");
        assertEquals(401, rejected(null), "none");
        SigningKeys stranger = SigningKeys.generateEs256("test-1");
        assertEquals(401, rejected(token(stranger, clock.instant())), "same kid, another key");
        assertEquals(403, assertThrows(TokenRejectedException.class,
                () -> gate.release(LOCATOR, key.keyId(), Services.playbackTokens(f.platform)
                        .issue(LOCATOR, new TokenRequest("PT5M", Map.of(), false)).token(), l -> { })).status(), "not bound to the key");
        assertEquals(key, release(good), "the good token still passes");
    }

    @Test
    void aTokenThatExpiresWhileItsGrantIsRememberedIsRefusedFromThen() {
        // five minutes of life and the verifier's 30 s of skew end half a second from now (exp has whole
        // seconds); the grant made now lasts a second
        Duration skew = io.livepipe.token.PlaybackTokenVerifier.DEFAULT_CLOCK_SKEW;
        String ending = token(f.signingKeys, clock.instant().minus(Duration.ofMinutes(5)).minus(skew).plusSeconds(1));
        clock.advance(Duration.ofMillis(500));
        assertEquals(key, release(ending));
        clock.advance(Duration.ofMillis(500));
        assertEquals(401, rejected(ending));
        assertEquals(key, release(token()));
    }

    @Test
    void deletedLocatorsAndKeysStopBeingServedWithinTheBound() {
        assertEquals(key, release(token()));
        f.docs.store().delete("locators/" + LOCATOR + ".json", Condition.none());
        clock.advance(BOUND);
        assertEquals(404, assertThrows(Refusal.class, () -> release(token())).status(), "locator gone");
        f.docs.create("locators/" + LOCATOR + ".json", new Locator(LOCATOR, "a1", "envelope", null, null, clock.instant(), "bound", null));
        assertEquals(key, release(token()));
        ContentKeyStore.forget(f.docs, "a1", null);
        clock.advance(BOUND);
        assertEquals(404, assertThrows(Refusal.class, () -> release(token())).status(), "keys gone");
    }

    @Test
    void deletesMadeThroughThisInstanceTakeEffectAtOnce() {
        assertEquals(key, release(token()));
        policies.delete("bound");
        assertEquals(403, assertThrows(Refusal.class, () -> release(token())).status(), "policy deleted");
        policies.create(new ContentKeyPolicyRequest("bound", "token", "livepipe", "livepipe-playback", null, true, null));
        assertEquals(key, release(token()));
        graph.locators().delete(LOCATOR);
        assertEquals(404, assertThrows(Refusal.class, () -> release(token())).status(), "locator deleted");
    }

    @Test
    void deletingTheAssetTakesEffectAtOnce() {
        assertEquals(key, release(token()));
        graph.assetDeletion().delete("a1");
        assertEquals(404, assertThrows(Refusal.class, () -> release(token())).status());
    }

    @Test
    void aPolicyWhoseVerificationKeysWereReplacedRefusesTokensOfTheOldKeyWithinTheBound() throws Exception {
        SigningKeys first = SigningKeys.generateEs256("issuer-1");
        SigningKeys second = SigningKeys.generateEs256("issuer-2");
        replacePolicy(first);
        assertEquals(key, release(token(first, clock.instant())));
        replacePolicy(second);
        clock.advance(BOUND);
        assertEquals(401, rejected(token(first, clock.instant())), "the rotated-out key's tokens");
        assertEquals(key, release(token(second, clock.instant())));
    }

    void replacePolicy(SigningKeys keys) {
        f.docs.store().delete("contentkeypolicies/bound.json", Condition.none());
        JWK pub = keys.signingKey().toPublicJWK();
        policies.create(new ContentKeyPolicyRequest("bound", "token", "livepipe", "livepipe-playback", null, true, List.of(pub.toJSONObject())));
    }

    @Test
    void admitSeesTheLocatorOnEveryRequestRememberedOrNot() {
        assertEquals(key, release(token()));
        assertEquals(404, assertThrows(Refusal.class, () -> gate.release(LOCATOR, key.keyId(), token(), l -> {
            throw Refusal.notFound("not this kind of locator");
        })).status());
    }

    @Test
    void grantsExpireAndAreBoundedInNumber() {
        KeyGrants grants = new KeyGrants(clock);
        Locator l = new Locator(LOCATOR, "a1", "envelope", null, null, clock.instant(), "bound", null);
        grants.remember(l, null, key);
        assertEquals(key, grants.find(LOCATOR, key.keyId()).orElseThrow().key());
        clock.advance(BOUND.minusMillis(1));
        assertTrue(grants.find(LOCATOR, key.keyId()).isPresent());
        clock.advance(Duration.ofMillis(1));
        assertTrue(grants.find(LOCATOR, key.keyId()).isEmpty());
        assertEquals(0, grants.size(), "an expired grant is dropped when met");
        for (int i = 0; i <= KeyGrants.MAX_ENTRIES; i++) grants.remember(l, null, ContentKey.generate(new SecureRandom()));
        assertTrue(grants.size() <= KeyGrants.MAX_ENTRIES);
    }

    @Test
    void aGrantShowsNoKey() {
        KeyGrants grants = new KeyGrants(clock);
        grants.remember(new Locator(LOCATOR, "a1", "envelope", null, null, clock.instant(), "bound", null), null, key);
        String shown = grants.find(LOCATOR, key.keyId()).orElseThrow() + " " + grants;
        assertFalse(shown.contains(HexFormat.of().formatHex(key.key())));
        assertFalse(shown.contains(java.util.Base64.getEncoder().encodeToString(key.key())));
        assertArrayEquals(key.key(), grants.find(LOCATOR, key.keyId()).orElseThrow().key().key());
    }
}
