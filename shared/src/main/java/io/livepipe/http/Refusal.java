package io.livepipe.http;

import java.util.Map;

/**
 * A request livepipe will not answer with what was asked: a {@link Reason} (which names the HTTP
 * status it becomes) and a detail safe to return and to log — never a key, a token or a stream
 * key. Services throw it; the edge turns it into an answer once, with {@link Problem}. An optional
 * {@code code} names the refusal more finely for callers that branch on it (ARM's error codes, a
 * rejected token's reason).
 */
public class Refusal extends RuntimeException {
    /** Why, as the HTTP status family it is answered with. */
    public enum Reason {
        BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), METHOD_NOT_ALLOWED(405),
        CONFLICT(409), PRECONDITION_FAILED(412), TOO_LARGE(413), RANGE_NOT_SATISFIABLE(416), TOO_MANY(429),
        INTERNAL(500), BAD_GATEWAY(502), UNAVAILABLE(503), GATEWAY_TIMEOUT(504);

        private final int status;

        Reason(int status) { this.status = status; }

        public int status() { return status; }

        /** The reason of {@code status}; a status no reason names is a programming error, not a quiet 400. */
        public static Reason of(int status) {
            for (Reason r : values()) if (r.status == status) return r;
            throw new IllegalArgumentException("no refusal reason for status " + status);
        }
    }

    private final Reason reason;
    private final String code;

    public Refusal(Reason reason, String detail) { this(reason, null, detail); }

    public Refusal(Reason reason, String code, String detail) {
        super(detail);
        this.reason = reason;
        this.code = code;
    }

    /** For refusals of outside input that come in floods: no stack trace is taken. */
    protected Refusal(Reason reason, String code, String detail, boolean stackTrace) {
        super(detail, null, false, stackTrace);
        this.reason = reason;
        this.code = code;
    }

    public final Reason reason() { return reason; }

    public final int status() { return reason.status(); }

    /** A finer name than the reason, or null. */
    public final String code() { return code; }

    public final String detail() { return getMessage(); }

    /** This refusal, with what caused it: logged with a 5xx answer, never returned. */
    public final Refusal because(Throwable cause) {
        initCause(cause);
        return this;
    }

    /** Header fields the answer carries besides the problem document's (a challenge, say). */
    public Map<String, String> headers() { return Map.of(); }

    public static Refusal of(int status, String detail) { return new Refusal(Reason.of(status), detail); }

    public static Refusal badRequest(String detail) { return new Refusal(Reason.BAD_REQUEST, detail); }

    public static Refusal forbidden(String detail) { return new Refusal(Reason.FORBIDDEN, detail); }

    public static Refusal notFound(String detail) { return new Refusal(Reason.NOT_FOUND, detail); }

    public static Refusal conflict(String detail) { return new Refusal(Reason.CONFLICT, detail); }

    public static Refusal internal(String detail) { return new Refusal(Reason.INTERNAL, detail); }

    /** A fault of ours, with what caused it; as {@code internal(detail).because(cause)}. */
    public static Refusal internal(String detail, Throwable cause) { return internal(detail).because(cause); }

    public static Refusal badGateway(String detail) { return new Refusal(Reason.BAD_GATEWAY, detail); }

    public static Refusal unavailable(String detail) { return new Refusal(Reason.UNAVAILABLE, detail); }
}
