package io.livepipe.archive;

/** A program or asset operation was refused: invalid input 400, not found 404, conflict 409. */
public final class ArchiveException extends RuntimeException {
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public ArchiveException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
