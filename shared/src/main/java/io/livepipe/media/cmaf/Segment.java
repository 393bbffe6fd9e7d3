package io.livepipe.media.cmaf;

import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.TrackInfo;

/**
 * What the fragmenter emits: a CMAF header ({@code init}) or fragment of one track. Times are in
 * the track's timescale. {@code startsWithKeyframe} is false only for a fragment cut early by a
 * bound; {@code discontinuity} marks the first fragment after an encoder reconnect. {@code frames}:
 * the fragment's samples (0 for a header), so that whoever stores it can say so without parsing it.
 */
public record Segment(TrackType type, TrackInfo track, boolean init, long sequence, long decodeTime, long duration,
                      boolean startsWithKeyframe, boolean discontinuity, byte[] bytes, int frames) {
    /** A header, or a fragment whose sample count is not told. */
    public Segment(TrackType type, TrackInfo track, boolean init, long sequence, long decodeTime, long duration,
                   boolean startsWithKeyframe, boolean discontinuity, byte[] bytes) {
        this(type, track, init, sequence, decodeTime, duration, startsWithKeyframe, discontinuity, bytes, 0);
    }

    @Override
    public String toString() {
        return "Segment[" + type + (init ? " init" : " #" + sequence + " t=" + decodeTime + " d=" + duration) + "]";
    }
}
