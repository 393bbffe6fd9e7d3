package io.livepipe.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.UUID;

/**
 * Makes Event Grid envelopes for one topic: a fresh id, the clock's time, {@code dataVersion}
 * "1.0" and {@code metadataVersion} "1", and {@code data} from a record (its components become
 * the JSON fields).
 */
public final class EventFactory {
    private static final ObjectMapper DATA = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String topic;
    private final Clock clock;

    public EventFactory(String topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
    }

    public EventGridEvent create(String subject, String eventType, Object data) {
        return new EventGridEvent(UUID.randomUUID().toString(), topic, subject, eventType, clock.instant(),
                DATA.valueToTree(data), "1.0", "1");
    }
}
