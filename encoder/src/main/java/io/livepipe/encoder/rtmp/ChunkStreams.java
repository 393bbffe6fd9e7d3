package io.livepipe.encoder.rtmp;

/**
 * A connection's chunk streams and what their partial messages hold, against two bounds: the
 * connection's budget (a small one until the publish is accepted) and the server's
 * {@link BufferBudget}. Also the message deadlines: a message still incomplete
 * {@code messageTimeout} after its first header is a protocol error, except for the time reading
 * was stopped by our own back-pressure. Confined to the connection's event loop.
 */
final class ChunkStreams {
    /** A message's buffer starts at most this big and doubles as its bytes arrive, up to its length. */
    static final int MIN_BUFFER = 4096;

    private final RtmpLimits limits;
    private final BufferBudget server;
    private final ChunkStream[] streams;
    private int count;
    private boolean published;
    private long buffered;
    /** When reading stopped for back-pressure (0: reading): the peer cannot complete a message meanwhile. */
    private long pausedSinceNanos;

    ChunkStreams(RtmpLimits limits, BufferBudget server) {
        this.limits = limits;
        this.server = server;
        this.streams = new ChunkStream[limits.maxChunkStreams()];
    }

    /** The stream with this id, new if it is not known yet; past {@code maxChunkStreams}, a protocol error. */
    ChunkStream stream(int csid) {
        for (int i = 0; i < count; i++) {
            if (streams[i].csid == csid) return streams[i];
        }
        if (count == streams.length) throw new RtmpProtocolException("more than " + streams.length + " chunk streams");
        ChunkStream s = new ChunkStream(csid);
        streams[count++] = s;
        return s;
    }

    boolean published() { return published; }

    /** The gate accepted this connection's publish: from now on its budget is the publisher's. */
    void publishAccepted() { published = true; }

    /** Bytes the buffers of partial messages hold now. */
    long buffered() { return buffered; }

    /** The connection's budget for partial messages now. */
    long budget() { return limits.bufferBudget(published); }

    /**
     * Grows the stream's body buffer to hold at least {@code need} bytes: to the body's length when
     * that is at most twice {@code need}, else doubling (at least {@link #MIN_BUFFER}), while the
     * connection's and the server's budgets allow, and by exactly what is needed when only that fits.
     */
    void reserve(ChunkStream s, int need) {
        int cap = s.capacity();
        if (need <= cap) return;
        long budget = budget();
        long room = budget - (buffered - cap);
        if (need > room) {
            throw new RtmpProtocolException("buffer budget: partial messages would hold " + (buffered - cap + need)
                    + " bytes, over the connection's " + budget + (published ? "" : " before publish"));
        }
        // A message of at most twice what has arrived of it is given its length at once (no copy
        // later: most video frames are a chunk or two); a longer one doubles as before.
        int length = s.bodyLength();
        long grow = length <= 2L * need ? length : Math.max(need, Math.max(2L * cap, MIN_BUFFER));
        int want = (int) Math.min(Math.min(length, room), grow);
        if (!server.tryReserve(want - cap)) {
            want = need;
            if (!server.tryReserve(want - cap)) {
                throw new RtmpProtocolException("buffer budget: the server's " + server.limit()
                        + " bytes for partial messages of all connections are taken");
            }
        }
        s.grow(want);
        buffered += want - cap;
    }

    /** Gives back what the stream's buffer held. */
    void release(ChunkStream s) {
        int cap = s.drop();
        buffered -= cap;
        server.release(cap);
    }

    void releaseAll() {
        for (int i = 0; i < count; i++) release(streams[i]);
    }

    /** Abort Message (5.4.2): the stream's partial message is dropped. */
    void abort(int csid) {
        for (int i = 0; i < count; i++) {
            if (streams[i].csid == csid) {
                release(streams[i]);
                streams[i].end();
            }
        }
    }

    /**
     * Reading stops (the channel's stage is full) or resumes. While it is stopped no message
     * deadline runs out, and on resuming every message in progress gets back the time it waited:
     * it is our back-pressure, not the peer's trickle, that holds the message open.
     */
    void readingPaused(boolean paused, long now) {
        if (paused) {
            if (pausedSinceNanos == 0) pausedSinceNanos = now == 0 ? 1 : now;
            return;
        }
        if (pausedSinceNanos == 0) return;
        long waited = now - pausedSinceNanos;
        pausedSinceNanos = 0;
        for (int i = 0; i < count; i++) {
            if (streams[i].inProgress) streams[i].startedNanos += waited;
        }
    }

    /** The first message in progress past its deadline at {@code now}, or null; none while reading is paused. */
    ChunkStream overdue(long now) {
        if (pausedSinceNanos != 0) return null;
        long timeout = limits.messageTimeout().toNanos();
        for (int i = 0; i < count; i++) {
            ChunkStream s = streams[i];
            if (s.inProgress && now - s.startedNanos > timeout) return s;
        }
        return null;
    }

    /**
     * How long until the earliest message in progress runs out of time — {@code messageTimeout}
     * when none is in progress (one starting now has that long) or reading is paused.
     */
    long nanosToNextDeadline(long now) {
        long timeout = limits.messageTimeout().toNanos();
        if (pausedSinceNanos != 0) return timeout;
        long next = timeout;
        for (int i = 0; i < count; i++) {
            ChunkStream s = streams[i];
            if (s.inProgress) next = Math.min(next, s.startedNanos + timeout - now);
        }
        return next;
    }
}
