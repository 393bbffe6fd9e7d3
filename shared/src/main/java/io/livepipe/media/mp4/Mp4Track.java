package io.livepipe.media.mp4;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.TrackType;

/**
 * One track of a fragmented MP4's header (moov), as ingest needs it: its id, type, timescale,
 * the codec ({@code config} null when livepipe does not ingest it, {@code codec} then names it),
 * where presentation starts (the edit list: {@code mediaTime} in the track's timescale is shown
 * at {@code startDelayMicros}) and the fragment defaults of its {@code trex}.
 */
public record Mp4Track(int trackId, TrackType type, String codec, CodecConfig config, long timescale, long mediaTime,
                       long startDelayMicros, Defaults defaults) {
    /** What a track fragment assumes when tfhd and trun say nothing (ISO/IEC 14496-12 section 8.8.3). */
    public record Defaults(long duration, long size, int flags) {
        public static final Defaults NONE = new Defaults(0, 0, 0);
    }

    public boolean supported() { return config != null; }

    /**
     * A time of this track (its timescale) in microseconds of presentation: the edit list's
     * media time is shown at its start delay.
     */
    public long micros(long trackTime) {
        try {
            long t = Math.subtractExact(trackTime, mediaTime);
            long whole = Math.multiplyExact(Math.floorDiv(t, timescale), 1_000_000L);
            return Math.addExact(Math.addExact(whole, Math.floorMod(t, timescale) * 1_000_000L / timescale), startDelayMicros);
        } catch (ArithmeticException e) {
            throw new io.livepipe.media.MalformedMediaException("time " + trackTime + " of track " + trackId + " is out of range");
        }
    }
}
