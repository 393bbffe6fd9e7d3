package io.livepipe.streaming;

import io.livepipe.archive.Asset;

/**
 * Where an asset's segments sit on the one timeline all its renditions share, which Smooth
 * Streaming (no periods, no discontinuities) numbers its fragments by
 * ({@link io.livepipe.media.manifest.MediaSegment#sharedTime}): a fragment's place on the wall
 * clock from the start of the asset's earliest stretch ({@link #origin}), so on-demand
 * presentations start at about 0 and gaps between runs stay gaps.
 */
final class SmoothTimes {
    private SmoothTimes() { }

    /**
     * Where Smooth time 0 is: the earliest wall-clock start of any stretch any rendition of the
     * asset ever stamped (kept after its segments leave the window, so it holds while the window
     * slides), each stretch placed on the epoch its renditions share ({@link #sharedEpoch}), as
     * {@link #time} places fragments; null for a timeline that kept no runs.
     */
    static java.time.Instant origin(Asset a) {
        java.time.Instant origin = null;
        for (Asset.Timeline t : a.renditions().values()) {
            for (java.util.Map.Entry<String, Asset.Run> run : t.runs().entrySet()) {
                java.util.Map<Long, Asset.Stretch> stretches = new java.util.HashMap<>(run.getValue().reconnects());
                if (run.getValue().start() != null) stretches.put(0L, run.getValue().start());
                for (java.util.Map.Entry<Long, Asset.Stretch> s : stretches.entrySet()) {
                    Asset.Stretch st = s.getValue();
                    if (st.timescale() == 0) continue;
                    java.time.Instant at = sharedEpoch(a, run.getKey(), s.getKey(), st.epoch())
                            .plusNanos(st.decodeTime() * 1_000_000L / st.timescale() * 1000);
                    if (origin == null || at.isBefore(origin)) origin = at;
                }
            }
        }
        return origin;
    }

    /** The epoch (wall time of decode time 0) of a run's stretch, as the earliest of the asset's renditions estimated it, so audio and video share it. */
    static java.time.Instant sharedEpoch(Asset a, String runId, long key, java.time.Instant own) {
        java.time.Instant epoch = own;
        for (Asset.Timeline other : a.renditions().values()) {
            Asset.Run run = other.runs().get(runId);
            if (run == null) continue;
            Asset.Stretch s = key == 0 ? run.start() : run.reconnects().get(key);
            if (s != null && s.epoch().isBefore(epoch)) epoch = s.epoch();
        }
        return epoch;
    }

    /**
     * A fragment's Smooth time in its track's timescale: how long after {@code origin} its
     * stretch's decode time 0 falls ({@link #sharedEpoch}), plus its decode time. Audio and video
     * of a stretch share the epoch, so they stay in step; the asset's first fragment is at (about)
     * 0, as players of on-demand Smooth expect, and no fragment is before 0 (the origin is the
     * earliest start so placed).
     */
    static long time(Asset a, java.time.Instant origin, Asset.Timeline t, Asset.Entry e) {
        return time(a, origin, t, e, t.run(e.runId()));
    }

    /** As {@link #time(Asset, java.time.Instant, Asset.Timeline, Asset.Entry)}, with the segment's run as the timeline gave it. */
    static long time(Asset a, java.time.Instant origin, Asset.Timeline t, Asset.Entry e, Asset.Run run) {
        Asset.Stretch own = t.stretch(e, run);
        if (origin == null || own == null) return e.decodeTime();
        java.time.Instant epoch = sharedEpoch(a, e.runId(), t.stretchKey(e, run), own.epoch());
        long micros = java.time.Duration.between(origin, epoch).toNanos() / 1000;
        return Math.max(0, Math.floorDiv(micros * e.timescale(), 1_000_000) + e.decodeTime());
    }
}
