package io.livepipe.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Event Grid SDK's publisher client, fed our envelopes, sends them to the topic as they
 * are, with the topic key. The SDK runs whole; only its HTTP transport is replaced by one that
 * records requests, since the SDK (rightly) sends keys over HTTPS only.
 */
class EventGridTopicPublisherTest {
    /** An HTTP transport that records each request and answers 200. */
    static final class RecordingTransport implements HttpClient {
        final List<HttpRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            requests.add(request);
            bodies.add(new String(request.getBodyAsBinaryData().toBytes(), StandardCharsets.UTF_8));
            return Mono.just(new HttpResponse(request) {
                @Override public int getStatusCode() { return 200; }
                @Override public String getHeaderValue(String name) { return null; }
                @Override public HttpHeaders getHeaders() { return new HttpHeaders(); }
                @Override public Flux<ByteBuffer> getBody() { return Flux.empty(); }
                @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.just(new byte[0]); }
                @Override public Mono<String> getBodyAsString() { return Mono.just(""); }
                @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.just(""); }
            });
        }
    }

    static List<EventGridEvent> events(int n) {
        List<EventGridEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new EventGridEvent("id-" + i, null, "liveEvent/one", "Livepipe.ChannelStateChanged",
                    Instant.parse("2026-11-24T06:00:00Z"), JsonNodeFactory.instance.objectNode().put("n", i), "1.0", "1"));
        }
        return events;
    }

    @Test
    void sendsOurEventsWithTheTopicKeyInBatches() {
        RecordingTransport transport = new RecordingTransport();
        EventGridTopicPublisher.withKey("https://topic.westeurope-1.eventgrid.azure.net/api/events", "topic-key", transport)
                .publish(events(150));
        assertEquals(2, transport.requests.size(), "150 events go in batches of at most " + EventGridTopicPublisher.MAX_BATCH);
        for (HttpRequest r : transport.requests) {
            assertEquals("topic-key", r.getHeaders().getValue("aeg-sas-key"));
            assertEquals("POST", r.getHttpMethod().name());
            assertEquals("topic.westeurope-1.eventgrid.azure.net", r.getUrl().getHost());
        }
        List<EventGridEvent> received = new ArrayList<>();
        for (String b : transport.bodies) received.addAll(EventJson.parseArray(b));
        assertEquals(150, received.size());
        assertEquals("id-149", received.get(149).id());
        assertEquals(149, received.get(149).data().get("n").asInt());
        assertTrue(received.stream().allMatch(e -> e.eventType().equals("Livepipe.ChannelStateChanged")));
    }

    @Test
    void refusesToSendAKeyOverPlainHttp() {
        RecordingTransport transport = new RecordingTransport();
        EventGridTopicPublisher p = EventGridTopicPublisher.withKey("http://127.0.0.1:9/api/events", "topic-key", transport);
        assertThrows(IllegalStateException.class, () -> p.publish(events(1)));
        assertTrue(transport.requests.isEmpty());
    }
}
