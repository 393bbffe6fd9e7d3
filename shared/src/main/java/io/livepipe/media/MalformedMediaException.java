package io.livepipe.media;

/** Malformed media (parameter sets, boxes): says what was wrong and where. */
public final class MalformedMediaException extends RuntimeException {
    public MalformedMediaException(String message) { super(message); }
}
