package io.livepipe.media.mp4;

import java.util.List;

/**
 * The samples one track fragment (traf) carries, with their bytes: the base decode time from
 * tfdt (or from Smooth Streaming's tfxd box), or {@link #UNKNOWN} when neither is there and
 * the track continues where its previous fragment ended.
 */
public record TrackRun(int trackId, long baseDecodeTime, List<Sample> samples) {
    public static final long UNKNOWN = Long.MIN_VALUE;

    public TrackRun {
        samples = List.copyOf(samples);
    }

    /** One sample: duration and composition offset in the track's timescale, whether it is a sync sample, its bytes. */
    public record Sample(long duration, long compositionOffset, boolean sync, byte[] data) {
        @Override
        public String toString() { return "Sample[duration=" + duration + ", cto=" + compositionOffset + ", sync=" + sync + ", " + data.length + " bytes]"; }
    }
}
