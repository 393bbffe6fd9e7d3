package io.livepipe.http;

/**
 * A request the host answers 400 without routing it, and then closes the connection: a
 * {@link Refusal} of its own type because the host's control flow differs (the connection's
 * framing can no longer be trusted), taken without a stack trace as such requests come in
 * floods. The message says what was wrong and is safe to return and to log: it never quotes the
 * request (whose path or query may carry a token).
 */
public final class MalformedRequestException extends Refusal {
    public MalformedRequestException(String reason) {
        super(Reason.BAD_REQUEST, null, reason, false);
    }
}
