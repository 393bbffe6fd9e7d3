package io.livepipe.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;

/**
 * Parses JSON that comes from outside (request bodies) into records, within named bounds:
 * body size, nesting depth, string and number length. Unknown fields are refused, so a typo
 * in a field name is an error rather than a silently ignored setting. Every failure is a
 * {@link MalformedJsonException} whose message names the problem but never echoes the input.
 */
public final class JsonInput {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_STRING = 8 * 1024;
    public static final int MAX_NUMBER = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).maxNumberLength(MAX_NUMBER).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonInput() { }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    public static <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) throw new MalformedJsonException("a JSON body is required");
        if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new MalformedJsonException("body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new MalformedJsonException("a JSON object is required");
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedJsonException("unknown field \"" + e.getPropertyName() + "\"");
        } catch (MismatchedInputException e) {
            throw new MalformedJsonException(fieldOf(e).isEmpty() ? "the body has the wrong shape"
                    : "field \"" + fieldOf(e) + "\" has the wrong type or value");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            throw new MalformedJsonException(cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value");
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("JSON nested deeper than " + MAX_DEPTH + " or with a string or number over its limit");
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getLocation() == null ? "malformed JSON"
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
