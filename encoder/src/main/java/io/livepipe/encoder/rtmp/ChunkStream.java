package io.livepipe.encoder.rtmp;

import io.livepipe.media.flv.FlvTags;
import io.netty.buffer.ByteBuf;

/**
 * One chunk stream of a connection (Adobe RTMP specification 1.0, section 5.3.1): the last
 * header's fields, which headers of formats 1 to 3 take as given, and the message being
 * reassembled. An audio or video message's FLV tag header ({@link FlvTags#headerLength}) is kept
 * apart from the rest as it arrives, so that the rest is exactly a sample's data and becomes the
 * sample without a copy. Confined to the connection's event loop.
 */
final class ChunkStream {
    static final byte[] EMPTY = new byte[0];

    final int csid;
    long timestamp;
    long delta;
    int length;
    int type;
    int streamId;
    boolean extended;
    boolean inProgress;
    long startedNanos;
    /** The message's FLV tag header, split off at its first byte; empty when it is not split. */
    private byte[] head = EMPTY;
    /** The message's bytes after {@link #head}: grows with the bytes received, never past their number. */
    private byte[] body;
    /** Bytes of the message received so far, head and body. */
    private int filled;

    ChunkStream(int csid) { this.csid = csid; }

    /** What the body's buffer holds now: the bytes the connection's budgets count. */
    int capacity() { return body == null ? 0 : body.length; }

    /** Bytes of the message received so far. */
    int filled() { return filled; }

    /** How many bytes of the message's body (after the split-off header) there are in all. */
    int bodyLength() { return length - head.length; }

    /** How many of the bytes received so far belong to the body. */
    int bodyFilled() { return Math.max(0, filled - head.length); }

    /** A new message starts on this stream with the header just committed. */
    void begin(long nanos) {
        head = EMPTY;
        filled = 0;
        inProgress = true;
        startedNanos = nanos;
    }

    /**
     * At the message's first byte: an audio or video message long enough for its FLV tag header
     * keeps that header apart. Everything else is one body.
     */
    void split(int firstByte) {
        boolean media = type == RtmpMessage.AUDIO || type == RtmpMessage.VIDEO;
        int k = media ? FlvTags.headerLength(type == RtmpMessage.VIDEO, firstByte) : 0;
        head = k > 0 && length >= k ? new byte[k] : EMPTY;
    }

    /** Takes the head bytes still missing from {@code in}, at most {@code n}; returns how many it took. */
    int takeHead(ByteBuf in, int n) {
        int k = Math.min(n, head.length - filled);
        if (k <= 0) return 0;
        in.readBytes(head, filled, k);
        filled += k;
        return k;
    }

    /** Takes {@code n} body bytes from {@code in}; the buffer holds them already ({@link #grow}). */
    void takeBody(ByteBuf in, int n) {
        in.readBytes(body, bodyFilled(), n);
        filled += n;
    }

    /** Gives the body a buffer of {@code capacity} bytes, keeping what it holds. */
    void grow(int capacity) {
        body = body == null ? new byte[capacity] : java.util.Arrays.copyOf(body, capacity);
    }

    /** Drops the message's buffer (complete, aborted or the connection gone) and returns what it held. */
    int drop() {
        int cap = capacity();
        body = null;
        return cap;
    }

    boolean complete() { return filled == length; }

    /** The complete message; the buffer never grows past the body's length, so when full it is exactly the body. */
    RtmpMessage message() {
        byte[] payload = bodyLength() == 0 ? EMPTY : body;
        return new RtmpMessage(csid, type, timestamp, streamId, head, payload);
    }

    /** The message ends (complete or aborted): none is in progress. */
    void end() {
        inProgress = false;
        filled = 0;
        head = EMPTY;
    }
}
