package io.livepipe.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.channel.ChannelRequest;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.MalformedEventException;
import io.livepipe.protection.ClearKeyRequest;
import io.livepipe.protection.ContentKeyPolicyRequest;
import io.livepipe.streaming.LocatorRequest;
import java.util.List;

/**
 * Arbitrary text as every JSON body the routes take (management requests, ClearKey license
 * requests, Event Grid deliveries): a value, or the one exception type of that boundary.
 */
class JsonBodiesFuzzTest {
    static final List<Class<?>> BODIES = List.of(ChannelRequest.class, LocatorRequest.class, ClearKeyRequest.class,
            ContentKeyPolicyRequest.class);

    @FuzzTest(maxDuration = "10s")
    void requestBodiesOnlyThrowMalformedJson(FuzzedDataProvider data) {
        Class<?> type = BODIES.get(data.consumeInt(0, BODIES.size() - 1));
        try {
            JsonInput.parse(data.consumeRemainingAsString(), type);
        } catch (MalformedJsonException expected) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "10s")
    void eventDeliveriesOnlyThrowMalformedEvent(String body) {
        try {
            List<EventGridEvent> events = EventJson.parseArray(body);
            assertTrue(events.size() <= EventJson.MAX_EVENTS);
        } catch (MalformedEventException expected) {
            // refused with a reason
        }
    }
}
