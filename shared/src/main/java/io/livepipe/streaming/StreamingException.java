package io.livepipe.streaming;

/** A streaming request that cannot be answered: an HTTP status (4xx) and a reason safe to return. */
public final class StreamingException extends RuntimeException {
    private final int status;

    public StreamingException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() { return status; }
}
