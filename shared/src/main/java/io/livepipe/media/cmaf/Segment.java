package io.livepipe.media.cmaf;

import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.TrackInfo;

/**
 * What the fragmenter emits: a CMAF header ({@code init}) or fragment of one track. Times are in
 * the track's timescale. {@code startsWithKeyframe} is false only for a fragment cut early by a
 * bound; {@code discontinuity} marks the first fragment after an encoder reconnect.
 */
public record Segment(TrackType type, TrackInfo track, boolean init, long sequence, long decodeTime, long duration,
                      boolean startsWithKeyframe, boolean discontinuity, byte[] bytes) {
    @Override
    public String toString() {
        return "Segment[" + type + (init ? " init" : " #" + sequence + " t=" + decodeTime + " d=" + duration) + "]";
    }
}
