package io.livepipe.arm;

import static io.livepipe.arm.ArmRefusal.badRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.channel.ChannelName;
import io.livepipe.json.JsonInput;
import io.livepipe.json.MalformedJsonException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The JSON shaping of the ARM face, and the names it accepts: resource envelopes, lists, bodies read and answers written. */
final class ArmJson {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");

    private ArmJson() { }

    static ObjectNode resource(Call c, String rest, String name, String type) {
        ObjectNode o = NODES.objectNode();
        o.put("id", c.id(rest));
        o.put("name", name);
        o.put("type", type);
        return o;
    }

    static ObjectNode list(List<ObjectNode> values) {
        ObjectNode o = NODES.objectNode();
        o.putArray("value").addAll(values);
        return o;
    }

    static JsonNode body(Call c) {
        JsonNode n = JsonInput.parse(c.request().body(), JsonNode.class);
        if (!n.isObject()) throw new MalformedJsonException("a JSON object is required");
        JsonNode props = n.get("properties");
        if (props != null && !props.isObject() && !props.isNull()) throw new MalformedJsonException("properties must be an object");
        return n;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw badRequest(field + " must be a string");
        return v.asText();
    }

    static Duration duration(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) return null;
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw badRequest(field + " must be an ISO 8601 duration such as PT2S");
        }
    }

    static Map<String, String> tags(JsonNode body) {
        JsonNode t = body.get("tags");
        if (t == null || t.isNull()) return null;
        if (!t.isObject() || t.size() > 50) throw badRequest("tags must be an object of at most 50 strings");
        Map<String, String> out = new LinkedHashMap<>();
        t.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getKey().length() > 512 || e.getValue().asText().length() > 256) {
                throw badRequest("tags must be an object of at most 50 strings");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** A live event name as AMS had them (1-32 letters, digits, inner hyphens), else 400. */
    static String eventName(String n) {
        if (!ChannelName.isValid(n)) throw badRequest("live event names are 1-32 letters or digits, with hyphens only inside");
        return n;
    }

    /** Outside text quoted in an error message, bounded. */
    static String clip(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    static ArmResponse ok(int status, ObjectNode body) {
        return new ArmResponse(status, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"), write(body));
    }

    static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String guid(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
