package io.livepipe.protection;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.livepipe.platform.Services;
import io.livepipe.token.SigningKeys;
import io.livepipe.token.TokenRestriction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentKeyPolicyServiceTest {
    @TempDir
    Path root;

    ContentKeyPolicyService service() { return Services.contentKeyPolicies(new ProtectionFixture(root, Clock.systemUTC()).platform); }

    static ContentKeyPolicyRequest token(String name, Map<String, String> claims, List<Map<String, Object>> keys) {
        return new ContentKeyPolicyRequest(name, "token", "livepipe", "livepipe-playback", claims, true, keys);
    }

    String message(ContentKeyPolicyRequest r) {
        Refusal e = assertThrows(Refusal.class, () -> service().create(r));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void createsGetsListsAndDeletesPolicies() {
        ContentKeyPolicyService s = service();
        s.create(new ContentKeyPolicyRequest("open-1", "open", null, null, null, null, null));
        ContentKeyPolicy t = s.create(token("tok-1", Map.of("tier", "gold"), null));
        assertEquals(t, s.get("tok-1"));
        assertTrue(s.get("open-1").isOpen());
        assertEquals(List.of("open-1", "tok-1"), s.list().stream().map(ContentKeyPolicy::name).sorted().toList());
        assertEquals(409, assertThrows(Refusal.class, () -> s.create(token("tok-1", null, null))).status());
        s.delete("open-1");
        assertEquals(404, assertThrows(Refusal.class, () -> s.get("open-1")).status());
    }

    @Test
    void tokenPolicyWithoutKeysVerifiesWithThePlatformKeys() {
        ContentKeyPolicyService s = service();
        TokenRestriction r = s.restriction(s.create(token("p", null, null)));
        assertEquals("livepipe", r.issuer());
        assertTrue(r.requireContentKeyIdentifier());
        assertEquals(List.of("test-1"), r.keys().stream().map(k -> k.getKeyID()).toList());
    }

    @Test
    void tokenPolicyKeepsOnlyThePublicPartOfGivenKeys() {
        ContentKeyPolicyService s = service();
        Map<String, Object> pub = SigningKeys.generateEs256("ext-1").signingKey().toPublicJWK().toJSONObject();
        ContentKeyPolicy p = s.create(token("ext", null, List.of(pub)));
        assertFalse(p.verificationKeys().get(0).containsKey("d"));
        assertEquals("ext-1", s.restriction(s.get("ext")).keys().get(0).getKeyID());
    }

    @Test
    void refusesInvalidPoliciesWithClearMessages() throws Exception {
        assertTrue(message(new ContentKeyPolicyRequest("-bad", "open", null, null, null, null, null)).contains("name"));
        assertTrue(message(new ContentKeyPolicyRequest("p", "sometimes", null, null, null, null, null)).contains("open or token"));
        assertTrue(message(new ContentKeyPolicyRequest("p", null, null, null, null, null, null)).contains("open or token"));
        assertTrue(message(new ContentKeyPolicyRequest("p", "open", "iss", null, null, null, null)).contains("only with restriction token"));
        assertTrue(message(new ContentKeyPolicyRequest("p", "token", null, "aud", null, null, null)).contains("issuer is required"));
        assertTrue(message(new ContentKeyPolicyRequest("p", "token", "iss", " ", null, null, null)).contains("audience is required"));
        assertTrue(message(token("p", Map.of("exp", "1"), null)).contains("exp"));
        assertTrue(message(token("p", Map.of("x".repeat(65), "1"), null)).contains("names"));
        assertTrue(message(token("p", Map.of("c", "v".repeat(257)), null)).contains("longer"));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) many.put("c" + i, "v");
        assertTrue(message(token("p", many, null)).contains("at most"));
        assertTrue(message(token("p", null, List.of(Map.of("kty", "EC", "crv", "nope")))).contains("not a JWK"));
        Map<String, Object> priv = SigningKeys.generateEs256("k").signingKey().toJSONObject();
        assertTrue(message(token("p", null, List.of(priv))).contains("private"));
        Map<String, Object> oct = new OctetSequenceKeyGenerator(256).keyID("h").algorithm(JWSAlgorithm.HS256).generate().toJSONObject();
        assertTrue(message(token("p", null, List.of(oct))).contains("symmetric"));
        Map<String, Object> noKid = new java.util.HashMap<>(SigningKeys.generateEs256("k").signingKey().toPublicJWK().toJSONObject());
        noKid.remove("kid");
        assertTrue(message(token("p", null, List.of(noKid))).contains("kid"));
        assertTrue(message(token("p", null, List.of())).contains("verificationKeys"));
    }
}
