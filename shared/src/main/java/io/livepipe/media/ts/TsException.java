package io.livepipe.media.ts;

/** A transport stream livepipe refuses: says what was wrong and at which byte of the input it was found. */
public final class TsException extends RuntimeException {
    private final long offset;

    public TsException(long offset, String message) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the demuxer's input where the problem was found. */
    public long offset() { return offset; }
}
