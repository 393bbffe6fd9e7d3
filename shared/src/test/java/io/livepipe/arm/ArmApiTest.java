package io.livepipe.arm;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArmApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENT = "{\"location\":\"westeurope\",\"properties\":{\"input\":{\"streamingProtocol\":\"RTMP\","
            + "\"accessToken\":\"0123456789abcdef0123456789abcdef\"},\"encoding\":{\"encodingType\":\"Standard\",\"presetName\":\"Default720p\"}}}";

    @TempDir
    Path dir;

    static JsonNode json(ArmResponse r) throws Exception { return JSON.readTree(r.body()); }

    static void assertError(ArmResponse r, int status, String code) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, json(r).path("error").path("code").asText(), r.body());
        assertFalse(json(r).path("error").path("message").asText().isEmpty());
    }

    @Test
    void createsALiveEventAsAChannelWithItsAccessTokenInTheIngestUrl() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        ArmResponse r = f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT);
        assertEquals(201, r.status(), r.body());
        JsonNode p = json(r).get("properties");
        assertEquals("Stopped", p.get("resourceState").asText());
        assertEquals("Succeeded", p.get("provisioningState").asText());
        assertEquals("Standard", p.get("encoding").get("encodingType").asText());
        assertEquals("Default720p", p.get("encoding").get("presetName").asText());
        assertEquals("rtmp://localhost:1935/live/0123456789abcdef0123456789abcdef", p.get("input").get("endpoints").get(0).get("url").asText());
        assertEquals("/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Media/mediaservices/acct/liveEvents/news", json(r).get("id").asText());
        assertEquals("encode", f.services.channels().get("news").mode().name().toLowerCase());
        // the same live event read through the other face's service, and the key opens it
        assertTrue(f.services.channels().findByStreamKey("0123456789abcdef0123456789abcdef").isPresent());
    }

    @Test
    void actionsAnswerAsLongRunningOperationsThatHaveSucceeded() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT);
        ArmResponse start = f.call("POST", "/liveEvents/news/start", "2022-11-01", null);
        assertEquals(202, start.status());
        assertEquals("1", start.headers().get("Retry-After"));
        String op = start.headers().get("Azure-AsyncOperation");
        assertTrue(op.startsWith("https://livepipe.example/api/subscriptions/sub-1/"), op);
        assertTrue(start.headers().get("Location").contains("/operationResults/"));
        String opPath = op.substring("https://livepipe.example/api/".length(), op.indexOf('?'));
        ArmResponse status = f.call("GET", opPath, Map.of("api-version", "2022-11-01"), "Bearer " + ArmFixture.TOKEN, null);
        assertEquals("Succeeded", json(status).get("status").asText());
        assertEquals("Running", f.services.channels().get("news").state().apiName());
    }

    @Test
    void autoStartStartsTheNewLiveEventAndFragmentedMp4GivesThePushIngestUrl() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        ArmResponse r = f.call("PUT", ArmFixture.ACCOUNT + "/liveEvents/news", Map.of("api-version", "2022-11-01", "autoStart", "true"),
                "Bearer " + ArmFixture.TOKEN, EVENT.replace("\"RTMP\"", "\"FragmentedMP4\""));
        assertEquals(201, r.status(), r.body());
        assertEquals("Running", json(r).at("/properties/resourceState").asText());
        JsonNode endpoints = json(r).at("/properties/input/endpoints");
        assertEquals(1, endpoints.size());
        assertEquals("FragmentedMP4", endpoints.get(0).get("protocol").asText());
        assertTrue(endpoints.get(0).get("url").asText().endsWith("/ingest/0123456789abcdef0123456789abcdef"), endpoints.toString());
    }

    @Test
    void refusesUnknownApiVersionsAndMissingOrWrongTokensInArmsShape() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        assertError(f.call("GET", "/liveEvents", "2017-01-01", null), 400, "InvalidApiVersionParameter");
        assertError(f.call("GET", "/liveEvents", null, null), 400, "MissingApiVersionParameter");
        assertError(f.call("GET", ArmFixture.ACCOUNT + "/liveEvents", Map.of("api-version", "2022-11-01"), null, null), 401, "AuthenticationFailed");
        assertError(f.call("GET", ArmFixture.ACCOUNT + "/liveEvents", Map.of("api-version", "2022-11-01"), "Bearer nope", null), 401,
                "InvalidAuthenticationToken");
        assertError(f.call("GET", ArmFixture.ACCOUNT + "/liveEvents", Map.of("api-version", "2022-11-01"), "Basic abc", null), 401,
                "AuthenticationFailed");
        assertError(f.call("GET", "/transforms", "2022-11-01", null), 404, "InvalidResourceType");
    }

    @Test
    void badBodiesLeaveNothingCreated() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", "{\"location\":"), 400, "InvalidRequestContent");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", "[1,2]"), 400, "InvalidRequestContent");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("Default720p", "Default4k")), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("0123456789abcdef0123456789abcdef", "short")), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news_1", "2022-11-01", EVENT), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("\"location\":\"westeurope\",", "")), 400, "LocationRequired");
        assertError(f.call("PUT", "/assets/a%2Fb", "2022-08-01", "{}"), 400, "BadRequest");
        assertError(f.call("PUT", "/streamingLocators/l1", "2022-08-01",
                "{\"properties\":{\"assetName\":\"nothing\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\"}}"), 404, "ResourceNotFound");
        assertError(f.call("PUT", "/streamingLocators/l1", "2022-08-01",
                "{\"properties\":{\"assetName\":\"nothing\",\"streamingPolicyName\":\"Custom\"}}"), 404, "ResourceNotFound");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("\"streamingProtocol\":\"RTMP\",",
                "\"streamingProtocol\":\"RTMP\",\"accessControl\":{\"ip\":{\"allow\":[{\"address\":\"not-an-address\"}]}},")), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("\"RTMP\"", "\"RTSP\"")), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT.replace("{\"location\"", "{\"tags\":[1],\"location\"")), 400, "BadRequest");
        assertTrue(f.services.channels().list().isEmpty());
        assertTrue(f.services.documents().store().list("arm/").isEmpty());
    }

    @Test
    void assetsLiveOutputsAndLocatorsMapOntoProgramsAndLocators() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT);
        assertEquals(201, f.call("PUT", "/assets/show", "2022-08-01", "{\"properties\":{\"description\":\"d\"}}").status());
        assertEquals(200, f.call("PUT", "/assets/show", "2022-08-01", "{\"properties\":{\"description\":\"d\"}}").status());
        assertError(f.call("PUT", "/liveEvents/news/liveOutputs/out", "2022-11-01", "{\"properties\":{\"assetName\":\"show\"}}"), 400, "BadRequest");
        assertError(f.call("PUT", "/liveEvents/news/liveOutputs/out", "2022-11-01",
                "{\"properties\":{\"assetName\":\"show\",\"archiveWindowLength\":\"PT10M\",\"rewindWindowLength\":\"PT20M\"}}"), 400, "BadRequest");
        ArmResponse out = f.call("PUT", "/liveEvents/news/liveOutputs/out", "2022-11-01",
                "{\"properties\":{\"assetName\":\"show\",\"archiveWindowLength\":\"PT10M\",\"rewindWindowLength\":\"PT5M\",\"manifestName\":\"show\"}}");
        assertEquals(201, out.status(), out.body());
        assertEquals("Running", json(out).get("properties").get("resourceState").asText());
        assertEquals("PT5M", json(out).get("properties").get("rewindWindowLength").asText());
        assertEquals("show", f.services.archive().program("news", "out").assetName());
        ArmResponse loc = f.call("PUT", "/streamingLocators/loc", "2022-08-01",
                "{\"properties\":{\"assetName\":\"show\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\"}}");
        assertEquals(201, loc.status(), loc.body());
        assertError(f.call("PUT", "/streamingLocators/loc", "2022-08-01",
                "{\"properties\":{\"assetName\":\"show\",\"streamingPolicyName\":\"Predefined_ClearStreamingOnly\"}}"), 409, "Conflict");
        String guid = json(loc).get("properties").get("streamingLocatorId").asText();
        String id = guid.replace("-", "");
        ArmResponse paths = f.call("POST", "/streamingLocators/loc/listPaths", "2022-08-01", null);
        JsonNode sp = json(paths).get("streamingPaths");
        assertEquals("Hls", sp.get(0).get("streamingProtocol").asText());
        assertEquals("NoEncryption", sp.get(0).get("encryptionScheme").asText());
        assertEquals("/" + id + "/show.ism/manifest(format=m3u8-cmaf)", sp.get(0).get("paths").get(1).asText());
        assertEquals(1, f.services.locators().list().size());
        // deleting the live output ends the recording and keeps the asset, as VOD
        assertEquals(202, f.call("DELETE", "/liveEvents/news/liveOutputs/out", "2022-11-01", null).status());
        assertEquals("vod", f.services.archive().asset("show").state());
        assertEquals(204, f.call("DELETE", "/liveEvents/news/liveOutputs/out", "2022-11-01", null).status());
    }

    @Test
    void anEnvelopeLocatorListsItsEncryptedPathsAndKeyIds() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT);
        f.call("PUT", "/assets/show", "2022-08-01", "{}");
        f.call("PUT", "/liveEvents/news/liveOutputs/out", "2022-11-01", "{\"properties\":{\"assetName\":\"show\",\"archiveWindowLength\":\"PT10M\"}}");
        assertEquals(201, f.call("PUT", "/contentKeyPolicies/open", "2022-08-01", "{\"properties\":{\"options\":[{\"configuration\":"
                + "{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration\"},\"restriction\":"
                + "{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyOpenRestriction\"}}]}}").status());
        ArmResponse loc = f.call("PUT", "/streamingLocators/aes", "2022-08-01", "{\"properties\":{\"assetName\":\"show\","
                + "\"streamingPolicyName\":\"Predefined_ClearKey\",\"defaultContentKeyPolicyName\":\"open\"}}");
        assertEquals(201, loc.status(), loc.body());
        JsonNode sp = json(f.call("POST", "/streamingLocators/aes/listPaths", "2022-08-01", null)).get("streamingPaths");
        assertEquals(1, sp.size(), sp.toString());
        assertEquals("EnvelopeEncryption", sp.get(0).get("encryptionScheme").asText());
        assertTrue(sp.get(0).get("paths").get(1).asText().endsWith("(format=m3u8-cmaf,encryption=cbc)"), sp.toString());
        JsonNode keys = json(f.call("POST", "/streamingLocators/aes/listContentKeys", "2022-08-01", null)).get("contentKeys");
        assertEquals(1, keys.size(), keys.toString());
        assertEquals("EnvelopeEncryption", keys.get(0).get("type").asText());
        assertEquals("open", keys.get(0).get("policyName").asText());
        assertFalse(keys.get(0).has("value"), "listContentKeys never hands out key values");
        assertEquals("Predefined_ClearKey", json(loc).at("/properties/streamingPolicyName").asText());
    }

    @Test
    void contentKeyPoliciesTakeRsaKeysAndRefuseSymmetricOnes() throws Exception {
        ArmFixture f = new ArmFixture(dir);
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String mod = java.util.Base64.getEncoder().encodeToString(rsa.getModulus().decode());
        String exp = java.util.Base64.getEncoder().encodeToString(rsa.getPublicExponent().decode());
        String policy = "{\"properties\":{\"options\":[{\"name\":\"o\",\"configuration\":{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration\"},"
                + "\"restriction\":{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyTokenRestriction\",\"issuer\":\"iss\",\"audience\":\"aud\","
                + "\"restrictionTokenType\":\"Jwt\",\"primaryVerificationKey\":{\"@odata.type\":\"#Microsoft.Media.ContentKeyPolicyRsaTokenKey\","
                + "\"exponent\":\"" + exp + "\",\"modulus\":\"" + mod + "\"},\"requiredClaims\":[{\"claimType\":\"tier\",\"claimValue\":\"gold\"}]}}]}}";
        ArmResponse r = f.call("PUT", "/contentKeyPolicies/p1", "2022-08-01", policy);
        assertEquals(201, r.status(), r.body());
        JsonNode restriction = json(f.call("GET", "/contentKeyPolicies/p1", "2022-08-01", null)).get("properties").get("options").get(0).get("restriction");
        assertEquals("iss", restriction.get("issuer").asText());
        assertEquals(mod, restriction.get("primaryVerificationKey").get("modulus").asText());
        assertEquals("gold", f.services.contentKeyPolicies().get("p1").requiredClaims().get("tier"));
        assertError(f.call("PUT", "/contentKeyPolicies/p2", "2022-08-01", policy.replace("ContentKeyPolicyRsaTokenKey", "ContentKeyPolicySymmetricTokenKey")),
                400, "NotSupported");
        assertTrue(f.services.contentKeyPolicies().find("p2").isEmpty());
    }

    @Test
    void answersOnlyForTheConfiguredAccountAndGivesEventsItsTopic() throws Exception {
        ArmFixture f = new ArmFixture(dir, Settings.defaults().with(Setting.LIVEPIPE_AMS_SUBSCRIPTION_ID, "sub-1")
                .with(Setting.LIVEPIPE_AMS_RESOURCE_GROUP, "rg").with(Setting.LIVEPIPE_AMS_ACCOUNT_NAME, "acct"));
        assertEquals(200, f.call("GET", "/liveEvents", "2022-11-01", null).status());
        assertError(f.call("GET", ArmFixture.ACCOUNT.replace("acct", "other") + "/liveEvents", Map.of("api-version", "2022-11-01"),
                "Bearer " + ArmFixture.TOKEN, null), 404, "ResourceNotFound");
        // a live event created and started through ARM: its events, as the Event Grid SDK parses them, carry
        // the account as topic and liveEvent/{name} as subject, as the retired service's did
        f.call("PUT", "/liveEvents/news", "2022-11-01", EVENT);
        f.call("POST", "/liveEvents/news/start", "2022-11-01", null);
        assertFalse(f.published.isEmpty());
        for (io.livepipe.events.EventGridEvent e : f.published) {
            var sdk = com.azure.messaging.eventgrid.EventGridEvent.fromString(io.livepipe.events.EventJson.toJson(e)).get(0);
            assertEquals("/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Media/mediaservices/acct", sdk.getTopic());
            assertEquals("liveEvent/news", sdk.getSubject());
        }
    }

    @Test
    void withoutAnAccountEventsKeepTheConfiguredTopic() {
        ArmFixture f = new ArmFixture(dir);
        assertEquals(Setting.LIVEPIPE_EVENTGRID_TOPIC_ID.defaultValue(), f.services.eventFactory().create("liveEvent/news", "t", Map.of()).topic());
    }

    @Test
    void entraIdBearerChecksSignatureIssuerAudienceAndCaller() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        ArmBearer bearer = ArmBearer.entraId("tenant-1", "api://livepipe", Set.of("oid-ok"), new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
        bearer.check("Bearer " + token(key, "https://sts.windows.net/tenant-1/", "api://livepipe", "oid-ok"));
        bearer.check("Bearer " + token(key, "https://login.microsoftonline.com/tenant-1/v2.0", "api://livepipe", "oid-ok"));
        assertEquals(401, assertThrows(Refusal.class, () -> bearer.check("Bearer " + token(other, "https://sts.windows.net/tenant-1/", "api://livepipe", "oid-ok"))).status());
        assertEquals(401, assertThrows(Refusal.class, () -> bearer.check("Bearer " + token(key, "https://sts.windows.net/tenant-2/", "api://livepipe", "oid-ok"))).status());
        assertEquals(401, assertThrows(Refusal.class, () -> bearer.check("Bearer " + token(key, "https://sts.windows.net/tenant-1/", "api://other", "oid-ok"))).status());
        assertEquals(403, assertThrows(Refusal.class, () -> bearer.check("Bearer " + token(key, "https://sts.windows.net/tenant-1/", "api://livepipe", "oid-no"))).status());
        assertEquals("AuthenticationFailed", assertThrows(Refusal.class, () -> bearer.check(null)).code());
    }

    @Test
    void withoutAConfiguredTokenTheFaceAdmitsNoOne() {
        ArmBearer none = ArmBearer.from(Settings.defaults());
        assertEquals("InvalidAuthenticationToken", assertThrows(Refusal.class, () -> none.check("Bearer anything-at-all-here")).code());
        assertThrows(IllegalArgumentException.class, () -> ArmBearer.staticToken("short"));
    }

    static String token(RSAKey key, String issuer, String audience, String oid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(audience).claim("oid", oid).issueTime(new Date())
                        .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
