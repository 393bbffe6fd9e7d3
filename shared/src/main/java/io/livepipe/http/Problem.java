package io.livepipe.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A refusal as an HTTP answer, written in this one place for every host (functions, the local
 * host, the encoder service): RFC 9457 problem details {@code {"status","title","code"?,"detail"}}
 * as {@code application/problem+json}, never cached, with the refusal's own header fields. Every
 * refused 5xx is logged here ({@link #logServerFault}), with its stack, so none goes unseen.
 */
public record Problem(int status, Map<String, String> headers, byte[] body) {
    private static final Logger LOG = Logger.getLogger(Problem.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    public Problem {
        headers = Map.copyOf(headers);
    }

    /** The answer to {@code refusal}; a 5xx is logged with its stack. */
    public static Problem of(Refusal refusal) {
        logServerFault(refusal);
        Map<String, String> h = new LinkedHashMap<>(refusal.headers());
        return write(refusal.status(), refusal.code(), refusal.detail(), h);
    }

    /** A refusal thrown, as every edge logs it: a 5xx with its stack (and cause), a 4xx not at all. */
    public static void logServerFault(Refusal refusal) {
        if (refusal.status() < 500) return;
        LOG.log(Level.WARNING, "event=refused status=" + refusal.status() + " reason=" + refusal.reason()
                + " detail=" + refusal.detail(), refusal);
    }

    /** An answer a host gives itself, without a refusal thrown (no route, wrong method, busy...); the host logs its own 5xx. */
    public static Problem of(int status, String detail) {
        return write(status, null, detail, new LinkedHashMap<>());
    }

    private static Problem write(int status, String code, String detail, Map<String, String> headers) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("status", status);
        for (Refusal.Reason r : Refusal.Reason.values()) if (r.status() == status) p.put("title", r.name());
        if (code != null) p.put("code", code);
        p.put("detail", detail);
        headers.put("Content-Type", "application/problem+json");
        headers.put("Cache-Control", "no-store");
        try {
            return new Problem(status, headers, JSON.writeValueAsBytes(p));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bodyText() { return new String(body, java.nio.charset.StandardCharsets.UTF_8); }
}
