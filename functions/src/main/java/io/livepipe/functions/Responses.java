package io.livepipe.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import io.livepipe.http.Problem;
import io.livepipe.http.Refusal;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

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
        return answer(req, Problem.of(status.value(), reason));
    }

    /** {@code work}'s answer, or the answer to the refusal it throws: the functions' one edge. */
    public static HttpResponseMessage handle(HttpRequestMessage<?> req, Supplier<HttpResponseMessage> work) {
        try {
            return work.get();
        } catch (Refusal e) {
            return answer(req, Problem.of(e));
        }
    }

    private static HttpResponseMessage answer(HttpRequestMessage<?> req, Problem p) {
        HttpResponseMessage.Builder b = req.createResponseBuilder(HttpStatusType.custom(p.status()));
        p.headers().forEach(b::header);
        return b.body(p.bodyText()).build();
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
