package io.livepipe.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One event in the Event Grid event schema. {@code data} is the event type's own JSON object.
 * {@code dataVersion} is "1.0" and {@code metadataVersion} "1" for everything livepipe emits.
 */
public record EventGridEvent(
        String id, String topic, String subject, String eventType, Instant eventTime,
        JsonNode data, String dataVersion, String metadataVersion) {
    public EventGridEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dataVersion, "dataVersion");
    }
}
