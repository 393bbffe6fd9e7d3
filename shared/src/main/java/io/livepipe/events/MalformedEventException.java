package io.livepipe.events;

/** An event body was not Event Grid–schema JSON; the message says what was wrong, never echoes the body. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) { super(message); }
}
