package io.livepipe.encoder.lowlatency;

import io.livepipe.media.cmaf.Part;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A segment in a {@link PartRing}: its parts as cut, whole once the fragmenter closes it. Guarded by the ring's lock. */
final class RingSegment {
    final long msn;
    final int init;
    final boolean discontinuity;
    final Instant programDateTime;
    final List<Part> parts = new ArrayList<>();
    /** Non-null once the segment is whole (its parts all cut); the segment's bytes are its parts, one after another. */
    byte[] whole;
    long duration;
    long partBytes;

    RingSegment(long msn, int init, boolean discontinuity, Instant pdt) {
        this.msn = msn;
        this.init = init;
        this.discontinuity = discontinuity;
        this.programDateTime = pdt;
    }

    /** A segment's clear parts so far with what encrypting them needs: its init version and start decode time. */
    record Held(int init, long decodeTime, List<byte[]> parts, boolean whole) { }

    /** Non-empty {@link #parts} only. */
    Held held() {
        List<byte[]> bytes = new ArrayList<>(parts.size());
        for (Part p : parts) bytes.add(p.bytes());
        return new Held(init, parts.get(0).decodeTime(), bytes, whole != null);
    }
}
