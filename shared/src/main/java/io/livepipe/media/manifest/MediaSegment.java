package io.livepipe.media.manifest;

import java.time.Instant;

/**
 * One segment as a manifest lists it: its run and decode time (which name its URL), duration and
 * timescale, the init it needs ({@code initId}), whether it is the first after an encoder
 * reconnect, when it was written (the wall clock at its end), its size in bytes, its HLS media
 * sequence and discontinuity sequence numbers (RFC 8216 §6.2.1, §6.2.2), the stretch it belongs
 * to (null if not known), and its time on a timeline that all renditions share from the
 * presentation's start ({@code sharedTime}, in its timescale: Smooth Streaming's fragment time).
 */
public record MediaSegment(String runId, long decodeTime, long duration, int timescale, String initId, boolean discontinuity,
                           Instant created, long size, long mediaSequence, long discontinuitySequence, Stretch stretch,
                           long sharedTime) {
    /** Its duration in seconds. */
    public double seconds() { return duration / (double) timescale; }

    /** When it starts by the wall clock, estimated from when it was written. */
    public Instant start() { return created.minusNanos(duration * 1_000_000_000L / timescale); }
}
