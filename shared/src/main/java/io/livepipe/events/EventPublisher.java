package io.livepipe.events;

import java.util.List;

/**
 * The event port: hands events to whatever delivers them (Event Grid in Azure, in-process
 * delivery on one machine). Delivery is at least once and in any order; consumers are
 * idempotent.
 */
public interface EventPublisher {
    void publish(List<EventGridEvent> events);

    default void publish(EventGridEvent event) { publish(List.of(event)); }

    /** A publisher that drops everything, for stores that nobody listens to. */
    static EventPublisher none() { return events -> { }; }
}
