package io.livepipe.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of Event Grid–schema events, written and read. Reading is bounded (body size,
 * nesting depth, batch length) and strict about the envelope: {@code id}, {@code subject},
 * {@code eventType}, {@code eventTime}, {@code data} and {@code dataVersion} are required.
 */
public final class EventJson {
    /** Event Grid delivers at most 1 MB per batch; the same bound applies to what we accept. */
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_EVENTS = 5000;
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());

    private EventJson() { }

    public static String toJson(EventGridEvent e) {
        return write(node(e));
    }

    public static String toJsonArray(List<EventGridEvent> events) {
        ArrayNode a = MAPPER.createArrayNode();
        for (EventGridEvent e : events) a.add(node(e));
        return write(a);
    }

    /** One event: a JSON object, or an array holding exactly one. */
    public static EventGridEvent parse(String json) {
        List<EventGridEvent> all = parseArray(json);
        if (all.size() != 1) throw new MalformedEventException("expected one event, got " + all.size());
        return all.get(0);
    }

    /** A batch as Event Grid posts it (an array), or a single event object. */
    public static List<EventGridEvent> parseArray(String json) {
        if (json == null || json.isBlank()) throw new MalformedEventException("empty body");
        if (json.length() > MAX_BYTES) throw new MalformedEventException("body larger than " + MAX_BYTES + " bytes");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(e.getLocation() == null ? "not JSON within the limits (depth " + MAX_DEPTH + ")"
                    : "not JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        List<EventGridEvent> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            out.add(event(root, 0));
        } else if (root != null && root.isArray()) {
            if (root.size() > MAX_EVENTS) throw new MalformedEventException("more than " + MAX_EVENTS + " events");
            if (root.isEmpty()) throw new MalformedEventException("no events in the array");
            for (int i = 0; i < root.size(); i++) out.add(event(root.get(i), i));
        } else {
            throw new MalformedEventException("expected a JSON array of events or one event object");
        }
        return out;
    }

    private static EventGridEvent event(JsonNode n, int index) {
        if (!n.isObject()) throw new MalformedEventException("event " + index + " is not an object");
        String id = text(n, "id", index);
        JsonNode subjectNode = n.get("subject");
        if (subjectNode != null && !subjectNode.isNull() && !subjectNode.isTextual()) {
            throw new MalformedEventException("event " + index + ": subject must be a string");
        }
        String subject = subjectNode == null || subjectNode.isNull() ? "" : subjectNode.asText();
        String type = text(n, "eventType", index);
        String time = text(n, "eventTime", index);
        Instant eventTime;
        try {
            eventTime = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("event " + index + ": eventTime is not an ISO-8601 date-time");
        }
        JsonNode data = n.get("data");
        if (data == null || data.isNull()) throw new MalformedEventException("event " + index + ": data is required");
        JsonNode dv = n.get("dataVersion");
        if (dv == null || !dv.isTextual()) throw new MalformedEventException("event " + index + ": dataVersion must be a string");
        String dataVersion = dv.asText();
        String topic = n.hasNonNull("topic") ? n.get("topic").asText() : null;
        String metadataVersion = n.hasNonNull("metadataVersion") ? n.get("metadataVersion").asText() : "1";
        return new EventGridEvent(id, topic, subject, type, eventTime, data, dataVersion, metadataVersion);
    }

    private static String text(JsonNode n, String field, int index) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedEventException("event " + index + ": " + field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static ObjectNode node(EventGridEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", e.id());
        if (e.topic() != null) o.put("topic", e.topic());
        o.put("subject", e.subject());
        o.put("eventType", e.eventType());
        o.put("eventTime", e.eventTime().toString());
        o.set("data", e.data());
        o.put("dataVersion", e.dataVersion());
        o.put("metadataVersion", e.metadataVersion() == null ? "1" : e.metadataVersion());
        return o;
    }

    private static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
