package io.livepipe.media.flv;

/** A malformed FLV tag body: says what was wrong. */
public final class FlvException extends RuntimeException {
    public FlvException(String message) { super(message); }
}
