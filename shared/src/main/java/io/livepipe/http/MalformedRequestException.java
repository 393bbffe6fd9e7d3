package io.livepipe.http;

/**
 * A request the host answers 400 without routing it. The message says what was wrong and is safe
 * to return and to log: it never quotes the request (whose path or query may carry a token).
 */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String reason) {
        super(reason, null, false, false);
    }
}
