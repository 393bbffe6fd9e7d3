package io.livepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventGridWebhookTest {
    static final String KEY = FunctionHostTest.KEY;
    final SampleFunctions functions = new SampleFunctions();
    final FunctionKeys keys = new FunctionKeys(KEY);
    final FunctionHost host = new FunctionHost(List.of(functions), keys);
    final EventGridWebhook webhook = new EventGridWebhook(host, keys);

    static final String NOTIFICATION = """
            [{"id":"e-1","topic":"/t","subject":"liveEvent/one","eventType":"Microsoft.Media.LiveEventEncoderConnected",
              "eventTime":"2026-11-24T06:00:00Z","data":{"ingestUrl":"rtmp://x/live/k","encoderPort":"1935"},
              "dataVersion":"1.0","metadataVersion":"1"}]""";

    static final String VALIDATION = """
            [{"id":"v-1","topic":"/t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime":"2026-11-24T06:00:00Z","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
              "validationUrl":"https://example.invalid/validate"},"dataVersion":"2","metadataVersion":"1"}]""";

    HostResponse post(String function, String type, String body, boolean withKey) {
        Map<String, String> q = withKey ? Map.of("functionName", function, "code", KEY) : Map.of("functionName", function);
        Map<String, String> h = type == null ? Map.of() : Map.of("aeg-event-type", type);
        return webhook.handle(new HostRequest("POST", EventGridWebhook.PATH, "", q, h, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void notificationReachesTheFunctionMethod() throws Exception {
        HostResponse r = post("Recorder", "Notification", NOTIFICATION, true);
        assertEquals(200, r.status());
        assertEquals(1, functions.events.size());
        JsonNode delivered = Json.MAPPER.readTree(functions.events.get(0));
        assertEquals("e-1", delivered.get("id").asText());
        assertEquals("Microsoft.Media.LiveEventEncoderConnected", delivered.get("eventType").asText());
        assertEquals("1935", delivered.get("data").get("encoderPort").asText());
    }

    @Test
    void validationHandshakeEchoesTheCode() throws Exception {
        HostResponse r = post("Recorder", "SubscriptionValidation", VALIDATION, true);
        assertEquals(200, r.status());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.get("validationResponse").asText());
        assertTrue(functions.events.isEmpty());
    }

    @Test
    void malformedBodyIs400WithAReason() throws Exception {
        for (String bad : List.of("", "{", "[1,2]", "[{\"id\":\"x\"}]", "{\"not\":\"an event\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]")) {
            HostResponse r = post("Recorder", "Notification", bad, true);
            assertEquals(400, r.status(), bad);
            assertTrue(Json.MAPPER.readTree(r.body()).get("detail").asText().startsWith("malformed event body"), bad);
        }
        assertTrue(functions.events.isEmpty());
    }

    @Test
    void missingKeyIs401AndUnknownFunctionIs404() {
        assertEquals(401, post("Recorder", "Notification", NOTIFICATION, false).status());
        assertEquals(404, post("Nobody", "Notification", NOTIFICATION, true).status());
    }

    @Test
    void missingEventTypeHeaderIs400() {
        assertEquals(400, post("Recorder", null, NOTIFICATION, true).status());
    }

    @Test
    void failedInvocationAnswers500SoEventGridRetries() {
        functions.failuresToInject = 1;
        assertEquals(500, post("Recorder", "Notification", NOTIFICATION, true).status());
        assertEquals(200, post("Recorder", "Notification", NOTIFICATION, true).status());
        assertEquals(1, functions.events.size());
    }
}
