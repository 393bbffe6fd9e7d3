package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local platform over real HTTP: the Functions host's routes, keys and webhook. */
class LocalPlatformTest {
    static LocalPlatformHarness lp;

    @BeforeAll
    static void start() { lp = new LocalPlatformHarness(); }

    @AfterAll
    static void stop() { lp.close(); }

    @Test
    void healthAnswersWithTheBackendsInUse() {
        HttpResponse<String> r = lp.send("GET", "/api/health", null, Map.of());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = LocalPlatformHarness.json(r);
        assertEquals("ok", body.get("status").asText());
        assertEquals("file", body.get("storage").asText());
        assertEquals("inprocess", body.get("events").asText());
    }

    @Test
    void unknownRouteIs404AndMissingKeyIs401() {
        assertEquals(404, lp.send("GET", "/api/no/such/route", null, Map.of()).statusCode());
        assertEquals(401, lp.send("GET", "/api/channels", null, Map.of()).statusCode());
        assertEquals(401, lp.send("GET", "/api/channels?code=wrong", null, Map.of()).statusCode());
        assertEquals(200, lp.send("GET", "/api/channels?code=" + LocalPlatformHarness.KEY, null, Map.of()).statusCode());
    }

    @Test
    void webhookAnswersTheValidationHandshake() {
        String body = """
                [{"id":"v1","topic":"/t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
                  "eventTime":"2026-11-24T06:00:00Z","data":{"validationCode":"abc-123"},"dataVersion":"2","metadataVersion":"1"}]""";
        HttpResponse<String> r = lp.send("POST", "/runtime/webhooks/eventgrid?functionName=ChannelEvents&code=" + LocalPlatformHarness.KEY,
                body, Map.of("aeg-event-type", "SubscriptionValidation"));
        assertEquals(200, r.statusCode());
        assertEquals("abc-123", LocalPlatformHarness.json(r).get("validationResponse").asText());
    }

    @Test
    void eventPostedToTheWebhookReachesChannelEvents() {
        lp.api("POST", "channels", "{\"name\":\"hooked\"}");
        String body = """
                [{"id":"w1","topic":"/t","subject":"liveEvent/hooked","eventType":"Microsoft.Media.LiveEventEncoderConnected",
                  "eventTime":"2026-11-24T06:00:00Z","data":{"ingestUrl":"rtmp://x/live/k","streamId":"s","encoderIp":"192.0.2.1",
                  "encoderPort":"4000"},"dataVersion":"1.0","metadataVersion":"1"}]""";
        HttpResponse<String> r = lp.send("POST", "/runtime/webhooks/eventgrid?functionName=ChannelEvents&code=" + LocalPlatformHarness.KEY,
                body, Map.of("aeg-event-type", "Notification"));
        assertEquals(200, r.statusCode());
        JsonNode events = LocalPlatformHarness.json(lp.api("GET", "channels/hooked/events", null));
        assertEquals("192.0.2.1", events.get("encoder").get("ip").asText());
        assertTrue(events.get("recentEvents").toString().contains("w1"));
    }

    @Test
    void malformedEventBodyIs400WithAReasonAndTheHostKeepsServing() {
        for (String bad : new String[] {"not json", "[{}]", "{\"id\":1}", "[" + "[".repeat(5000)}) {
            HttpResponse<String> r = lp.send("POST", "/runtime/webhooks/eventgrid?functionName=ChannelEvents&code=" + LocalPlatformHarness.KEY,
                    bad, Map.of("aeg-event-type", "Notification"));
            assertEquals(400, r.statusCode(), bad.length() > 20 ? bad.substring(0, 20) : bad);
            assertTrue(LocalPlatformHarness.json(r).get("detail").asText().contains("malformed"));
            assertFalse(r.body().contains("Exception"));
        }
        assertEquals(200, lp.send("GET", "/api/health", null, Map.of()).statusCode());
    }

    @Test
    void oversizedBodyIsRefusedAndTheHostKeepsServing() {
        HttpResponse<String> r = lp.send("POST", "/api/channels", "x".repeat(5 * 1024 * 1024),
                Map.of("x-functions-key", LocalPlatformHarness.KEY));
        assertEquals(413, r.statusCode());
        assertEquals(200, lp.send("GET", "/api/health", null, Map.of()).statusCode());
    }
}
