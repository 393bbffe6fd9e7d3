package io.livepipe.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Builds the HTTP answers of function classes: JSON bodies and problem details for errors. */
public final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private Responses() { }

    public static HttpResponseMessage json(HttpRequestMessage<?> req, HttpStatus status, Object body) {
        return req.createResponseBuilder(status)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Cache-Control", "no-store")
                .body(toJson(body))
                .build();
    }

    /** An error as RFC 9457 problem details: a status and a reason the caller can act on. */
    public static HttpResponseMessage problem(HttpRequestMessage<?> req, HttpStatus status, String reason) {
        return req.createResponseBuilder(status)
                .header("Content-Type", "application/problem+json")
                .header("Cache-Control", "no-store")
                .body(toJson(Map.of("status", status.value(), "title", status.name(), "detail", reason)))
                .build();
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
