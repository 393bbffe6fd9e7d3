package io.livepipe.encoder.rtmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of partial messages held by all connections of one server, against a bound: a decoder
 * reserves before its buffer grows and releases when the message completes, aborts or the
 * connection closes. Keeps the high-water mark, which is what tests and operators read.
 */
final class BufferBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    BufferBudget(long limit) { this.limit = limit; }

    /** Reserves {@code bytes} if the total stays within the bound; false (and nothing reserved) otherwise. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            long next = now + bytes;
            if (next > limit) return false;
            if (held.compareAndSet(now, next)) {
                if (next > peak.get()) peak.accumulateAndGet(next, Math::max); // a write only at a new high
                return true;
            }
        }
    }

    void release(long bytes) { held.addAndGet(-bytes); }

    long limit() { return limit; }

    long held() { return held.get(); }

    long peak() { return peak.get(); }
}
