package io.livepipe.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.sun.net.httpserver.HttpServer;
import io.livepipe.config.Setting;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.platform.Services;
import io.livepipe.protection.ContentKey;
import io.livepipe.protection.ContentKeyPolicyRequest;
import io.livepipe.protection.ProtectionFixture;
import io.livepipe.streaming.Locator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key delivery, the ClearKey license and the DRM license proxy, called as the Functions host
 * calls them; the proxy forwards to a local fake license server that records what it got.
 */
class LicenseFunctionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ENVELOPE = "11111111111111111111111111111111";
    static final String CENC = "22222222222222222222222222222222";
    static final String OPEN = "33333333333333333333333333333333";
    @TempDir
    Path root;
    ProtectionFixture f;
    Platform platform;
    HttpServer upstream;
    final AtomicReference<byte[]> forwarded = new AtomicReference<>();
    ContentKey key;

    @BeforeEach
    void setUp() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/widevine", x -> {
            forwarded.set(x.getRequestBody().readAllBytes());
            byte[] answer = "widevine-license".getBytes(StandardCharsets.US_ASCII);
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        upstream.start();
        f = new ProtectionFixture(root, Clock.systemUTC());
        platform = new Platform(f.platform.settings().with(Setting.LIVEPIPE_WIDEVINE_LICENSE_URL,
                "http://127.0.0.1:" + upstream.getAddress().getPort() + "/widevine"), f.platform.media(), f.platform.state(),
                f.platform.events(), "inprocess", f.platform.clock());
        f.asset("a1");
        var policies = Services.contentKeyPolicies(platform);
        policies.create(new ContentKeyPolicyRequest("tokens", "token", "livepipe", "livepipe-playback", Map.of(), true, null));
        policies.create(new ContentKeyPolicyRequest("open", "open", null, null, null, null, null));
        for (String[] l : new String[][] {{ENVELOPE, "envelope", "tokens"}, {CENC, "cenc", "tokens"}, {OPEN, "cenc", "open"}}) {
            f.docs.create("locators/" + l[0] + ".json", new Locator(l[0], "a1", l[1], null, null, platform.clock().instant(), l[2], null));
        }
        key = Services.contentKeys(platform).keys("a1", Services.archive(platform).asset("a1").created()).contentKeys().get(0);
    }

    @AfterEach
    void tearDown() { upstream.stop(0); }

    String token(String locator, boolean bound) {
        return Services.tokenIssuer(platform).issue(locator, Duration.ofMinutes(5), Map.of(), bound ? key.keyId() : null).token();
    }

    static FakeHttp.Response call(Object m) { return (FakeHttp.Response) m; }

    @Test
    void keyDeliveryGivesTheKeyToABearerOrQueryTokenOnly() {
        KeyDelivery fn = new KeyDelivery(new ServiceGraph(platform));
        String kid = key.keyIdText();
        FakeHttp.Response ok = call(fn.key(FakeHttp.request(HttpMethod.GET, null, Map.of("authorization", "Bearer " + token(ENVELOPE, true))),
                ENVELOPE, kid, FakeHttp.context()));
        assertEquals(200, ok.getStatusCode());
        assertArrayEquals(key.key(), (byte[]) ok.getBody());
        assertEquals("no-store", ok.getHeader("Cache-Control"));
        FakeHttp.Response viaQuery = call(fn.key(FakeHttp.request(HttpMethod.GET, null, Map.of(), Map.of("token", token(ENVELOPE, true))),
                ENVELOPE, kid, FakeHttp.context()));
        assertEquals(200, viaQuery.getStatusCode());
        assertEquals(401, call(fn.key(FakeHttp.request(HttpMethod.GET, null), ENVELOPE, kid, FakeHttp.context())).getStatusCode());
        FakeHttp.Response other = call(fn.key(FakeHttp.request(HttpMethod.GET, null, Map.of("authorization", "Bearer " + token(CENC, true))),
                ENVELOPE, kid, FakeHttp.context()));
        assertTrue(other.getStatusCode() == 401 || other.getStatusCode() == 403, "a token for another locator: " + other.getStatusCode());
        assertEquals(400, call(fn.key(FakeHttp.request(HttpMethod.GET, null, Map.of("authorization", "Bearer " + token(ENVELOPE, true))),
                ENVELOPE, "not-a-uuid", FakeHttp.context())).getStatusCode());
        assertEquals(404, call(fn.key(FakeHttp.request(HttpMethod.GET, null, Map.of("authorization", "Bearer " + token(CENC, true))),
                CENC, kid, FakeHttp.context())).getStatusCode(), "cenc locators deliver no AES-128 keys");
    }

    @Test
    void clearKeyLicenseAnswersTheW3cJsonFormat() throws Exception {
        Licenses fn = new Licenses(new ServiceGraph(platform));
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(key.keyIdBytes());
        String request = "{\"kids\":[\"" + kid + "\"],\"type\":\"temporary\"}";
        FakeHttp.Response ok = call(fn.clearKey(FakeHttp.request(HttpMethod.POST, request, Map.of("Authorization", "Bearer " + token(CENC, true))),
                CENC, FakeHttp.context()));
        assertEquals(200, ok.getStatusCode());
        JsonNode license = JSON.readTree(ok.body());
        assertEquals("temporary", license.get("type").asText());
        assertEquals("oct", license.at("/keys/0/kty").asText());
        assertEquals(kid, license.at("/keys/0/kid").asText());
        assertArrayEquals(key.key(), Base64.getUrlDecoder().decode(license.at("/keys/0/k").asText()));
        assertEquals(200, call(fn.clearKey(FakeHttp.request(HttpMethod.POST, request), OPEN, FakeHttp.context())).getStatusCode(),
                "an open policy needs no token");
        assertEquals(401, call(fn.clearKey(FakeHttp.request(HttpMethod.POST, request), CENC, FakeHttp.context())).getStatusCode());
        for (String bad : List.of("", "{", "[]", "{\"kids\":[]}", "{\"kids\":\"x\"}", "{\"kids\":[\"!!!\"]}", "{\"kids\":[\"" + "A".repeat(40) + "\"]}",
                "{\"kids\":[" + "\"AAAAAAAAAAAAAAAAAAAAAA\",".repeat(20) + "\"AAAAAAAAAAAAAAAAAAAAAA\"]}", "x".repeat(5000))) {
            FakeHttp.Response r = call(fn.clearKey(FakeHttp.request(HttpMethod.POST, bad, Map.of("Authorization", "Bearer " + token(OPEN, false))),
                    OPEN, FakeHttp.context()));
            assertEquals(400, r.getStatusCode(), bad);
        }
    }

    @Test
    void licenseProxyForwardsTheChallengeOnlyWithAValidToken() {
        Licenses fn = new Licenses(new ServiceGraph(platform));
        byte[] challenge = {8, 4, 18, 2, 1, 2, 3};
        FakeHttp.Response ok = call(fn.proxy(FakeHttp.binary(HttpMethod.POST, challenge, Map.of("authorization", "Bearer " + token(CENC, true)),
                Map.of()), "widevine", CENC, FakeHttp.context()));
        assertEquals(200, ok.getStatusCode());
        assertArrayEquals("widevine-license".getBytes(StandardCharsets.US_ASCII), (byte[]) ok.getBody());
        assertArrayEquals(challenge, forwarded.get());
        forwarded.set(null);
        assertEquals(401, call(fn.proxy(FakeHttp.binary(HttpMethod.POST, challenge, Map.of(), Map.of()), "widevine", CENC,
                FakeHttp.context())).getStatusCode());
        assertEquals(null, forwarded.get(), "nothing reaches the license server without a token");
        assertEquals(404, call(fn.proxy(FakeHttp.binary(HttpMethod.POST, challenge, Map.of("authorization", "Bearer " + token(CENC, true)),
                Map.of()), "playready", CENC, FakeHttp.context())).getStatusCode(), "no PlayReady server configured");
        assertEquals(400, call(fn.proxy(FakeHttp.binary(HttpMethod.POST, new byte[0], Map.of("authorization", "Bearer " + token(CENC, true)),
                Map.of()), "widevine", CENC, FakeHttp.context())).getStatusCode());
        assertEquals(400, call(fn.proxy(FakeHttp.binary(HttpMethod.POST, new byte[70_000], Map.of("authorization", "Bearer " + token(CENC, true)),
                Map.of()), "widevine", CENC, FakeHttp.context())).getStatusCode());
        assertEquals(404, call(fn.proxy(FakeHttp.binary(HttpMethod.POST, challenge, Map.of(), Map.of()), "../etc", CENC,
                FakeHttp.context())).getStatusCode());
    }
}
