package io.livepipe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.nimbusds.jose.jwk.JWKSet;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.platform.Services;
import io.livepipe.protection.ContentKey;
import io.livepipe.protection.ProtectionFixture;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.TokenRestriction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protection functions called as the Functions host calls them, with a mocked request. */
class ProtectionFunctionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    @TempDir
    Path root;
    ProtectionFixture f;

    @BeforeEach
    void setUp() {
        f = new ProtectionFixture(root, Clock.systemUTC());
        f.asset("a1");
        f.locator(LOCATOR, "a1");
    }

    static FakeHttp.Response call(HttpResponseMessage m) { return (FakeHttp.Response) m; }

    static JsonNode json(FakeHttp.Response r) throws Exception { return JSON.readTree(r.body()); }

    @Test
    void contentKeyPolicyRoutesCreateListGetAndDelete() throws Exception {
        ContentKeyPolicies fn = new ContentKeyPolicies(new ServiceGraph(f.platform));
        FakeHttp.Response created = call(fn.create(FakeHttp.request(HttpMethod.POST,
                "{\"name\":\"p1\",\"restriction\":\"token\",\"issuer\":\"livepipe\",\"audience\":\"livepipe-playback\","
                        + "\"requiredClaims\":{\"tier\":\"gold\"},\"requireContentKeyIdentifierClaim\":true}"), FakeHttp.context()));
        assertEquals(201, created.getStatusCode());
        assertEquals("gold", json(created).at("/requiredClaims/tier").asText());
        assertEquals(409, call(fn.create(FakeHttp.request(HttpMethod.POST, "{\"name\":\"p1\",\"restriction\":\"open\"}"), FakeHttp.context())).getStatusCode());
        FakeHttp.Response bad = call(fn.create(FakeHttp.request(HttpMethod.POST, "{\"name\":\"p2\",\"restriction\":\"token\"}"), FakeHttp.context()));
        assertEquals(400, bad.getStatusCode());
        assertTrue(json(bad).get("detail").asText().contains("issuer is required"));
        assertEquals(400, call(fn.create(FakeHttp.request(HttpMethod.POST, "{\"name\":\"p3\",\"restriction\":\"open\",\"typo\":1}"), FakeHttp.context())).getStatusCode());
        assertEquals(1, json(call(fn.list(FakeHttp.request(HttpMethod.GET, null), FakeHttp.context()))).get("value").size());
        assertEquals("token", json(call(fn.get(FakeHttp.request(HttpMethod.GET, null), "p1", FakeHttp.context()))).get("restriction").asText());
        assertEquals(204, call(fn.delete(FakeHttp.request(HttpMethod.DELETE, null), "p1", FakeHttp.context())).getStatusCode());
        assertEquals(404, call(fn.get(FakeHttp.request(HttpMethod.GET, null), "p1", FakeHttp.context())).getStatusCode());
    }

    @Test
    void tokensRouteIssuesATokenBoundToTheAssetKey() throws Exception {
        FakeHttp.Response r = call(new Tokens(new ServiceGraph(f.platform)).issue(FakeHttp.request(HttpMethod.POST,
                "{\"validFor\":\"PT10M\",\"claims\":{\"userId\":\"u1\"},\"bindToKey\":true}"), LOCATOR, FakeHttp.context()));
        assertEquals(200, r.getStatusCode());
        assertEquals("no-store", r.getHeader("Cache-Control"));
        String token = json(r).get("token").asText();
        ContentKey key = Services.contentKeys(f.platform).existing("a1", Services.archive(f.platform).asset("a1").created()).orElseThrow().contentKeys().get(0);
        var verified = new PlaybackTokenVerifier(Clock.systemUTC()).verify(token,
                TokenRestriction.platform("livepipe", "livepipe-playback", f.signingKeys, true), LOCATOR, key.keyId());
        assertEquals(key.keyIdText(), verified.claims().get(PlaybackTokenIssuer.CONTENT_KEY_IDENTIFIER_CLAIM));
        assertEquals("u1", verified.claims().get("userId"));
        assertEquals(verified.expires().toString(), json(r).get("expires").asText());
    }

    @Test
    void tokensRouteWithoutBodyUsesDefaultsAndRefusesUnknownLocatorsAndBadBodies() throws Exception {
        Tokens fn = new Tokens(new ServiceGraph(f.platform));
        assertEquals(200, call(fn.issue(FakeHttp.request(HttpMethod.POST, null), LOCATOR, FakeHttp.context())).getStatusCode());
        assertEquals(404, call(fn.issue(FakeHttp.request(HttpMethod.POST, null), "ffffffffffffffffffffffffffffffff", FakeHttp.context())).getStatusCode());
        assertEquals(400, call(fn.issue(FakeHttp.request(HttpMethod.POST, "{\"validFor\":\"P3D\"}"), LOCATOR, FakeHttp.context())).getStatusCode());
        assertEquals(400, call(fn.issue(FakeHttp.request(HttpMethod.POST, "{\"claims\":{\"iss\":\"x\"}}"), LOCATOR, FakeHttp.context())).getStatusCode());
        assertEquals(400, call(fn.issue(FakeHttp.request(HttpMethod.POST, "{\"validFor\":"), LOCATOR, FakeHttp.context())).getStatusCode());
    }

    @Test
    void jwksRouteServesPublicKeysOnly() throws Exception {
        FakeHttp.Response r = call(new Jwks(new ServiceGraph(f.platform)).jwks(FakeHttp.request(HttpMethod.GET, null), FakeHttp.context()));
        assertEquals(200, r.getStatusCode());
        assertEquals("application/jwk-set+json", r.getHeader("Content-Type"));
        JWKSet set = JWKSet.parse(r.body());
        assertEquals("test-1", set.getKeys().get(0).getKeyID());
        assertFalse(set.getKeys().get(0).isPrivate());
        assertFalse(r.body().contains("\"d\""));
    }

    @Test
    void cpixRouteRefusesWithoutARecipientAndEncryptsForOne() throws Exception {
        AssetsCpix fn = new AssetsCpix(new ServiceGraph(f.platform));
        FakeHttp.Response get = call(fn.cpix(FakeHttp.request(HttpMethod.GET, null), "a1", FakeHttp.context()));
        assertEquals(400, get.getStatusCode());
        assertTrue(json(get).get("detail").asText().contains("clear"));
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", root.resolve("k.pem").toString(),
                "-out", root.resolve("c.pem").toString(), "-days", "1", "-subj", "/CN=r").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String pem = Files.readString(root.resolve("c.pem"));
        FakeHttp.Response post = call(fn.cpix(FakeHttp.request(HttpMethod.POST, pem), "a1", FakeHttp.context()));
        assertEquals(200, post.getStatusCode());
        assertTrue(post.getHeader("Content-Type").startsWith("application/xml"));
        ContentKey key = Services.contentKeys(f.platform).existing("a1", Services.archive(f.platform).asset("a1").created()).orElseThrow().contentKeys().get(0);
        assertTrue(post.body().contains("kid=\"" + key.keyIdText() + "\""));
        assertFalse(post.body().contains(java.util.Base64.getEncoder().encodeToString(key.key())));
        assertEquals(404, call(fn.cpix(FakeHttp.request(HttpMethod.POST, pem), "no-such-asset", FakeHttp.context())).getStatusCode());
    }
}
