package io.livepipe.json;

/** A request body was not the JSON expected; the message is safe to return to the caller. */
public final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String message) { super(message); }
}
