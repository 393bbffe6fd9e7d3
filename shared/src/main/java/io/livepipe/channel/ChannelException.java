package io.livepipe.channel;

/**
 * A channel operation was refused. {@link Reason} maps to an HTTP status at the edge: invalid
 * input 400, not found 404, conflict (wrong state, name taken) 409.
 */
public final class ChannelException extends RuntimeException {
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public ChannelException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }

    public static ChannelException invalid(String message) { return new ChannelException(Reason.INVALID, message); }

    public static ChannelException notFound(String name) { return new ChannelException(Reason.NOT_FOUND, "no channel " + name); }

    public static ChannelException conflict(String message) { return new ChannelException(Reason.CONFLICT, message); }
}
