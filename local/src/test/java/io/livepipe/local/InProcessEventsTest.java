package io.livepipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessEventsTest {
    final SampleFunctions functions = new SampleFunctions();
    final FunctionHost host = new FunctionHost(List.of(functions), new FunctionKeys(FunctionHostTest.KEY));

    static EventGridEvent event(String id, String type) {
        return new EventGridEvent(id, "/t", "liveEvent/one", type, Instant.parse("2026-11-24T06:00:00Z"),
                JsonNodeFactory.instance.objectNode().put("n", id), "1.0", "1");
    }

    static void awaitCount(List<String> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (list.size() < n && System.nanoTime() < deadline) Thread.sleep(10);
    }

    @Test
    void deliversSubscribedTypesOnlyAndRetriesFailures() throws Exception {
        functions.failuresToInject = 2;
        try (InProcessEvents events = new InProcessEvents(() -> host,
                List.of(new EventSubscription("Recorder", List.of("Test."), "liveEvent/")), 2)) {
            events.publish(List.of(event("a", "Test.One"), event("b", "Other.Two"), event("c", "Test.Three")));
            awaitCount(functions.events, 2);
            Thread.sleep(300);
            assertEquals(2, functions.events.size(), "both Test.* events arrive despite two failed attempts");
            assertTrue(functions.events.stream().anyMatch(e -> e.contains("\"a\"")));
            assertTrue(functions.events.stream().anyMatch(e -> e.contains("\"c\"")));
            assertTrue(functions.events.stream().noneMatch(e -> e.contains("Other.Two")));
        }
    }
}
