package io.livepipe.media.cmaf;

import io.livepipe.media.TrackType;

/**
 * A chunk of a fragment still being made (chunked CMAF, ISO/IEC 23000-19 §7.3.3: a CMAF chunk is
 * a moof+mdat): part {@code index} of fragment {@code segmentSequence} of one track. Times are in
 * the track's timescale. {@code independent}: it starts with a keyframe (always for audio), so a
 * player may start decoding at it (RFC 8216bis §4.4.4.9, INDEPENDENT=YES). {@code discontinuity}:
 * the first part of the first fragment after an encoder reconnect.
 */
public record Part(TrackType type, long segmentSequence, int index, long decodeTime, long duration, boolean independent,
                   boolean discontinuity, byte[] bytes) {
    @Override
    public String toString() {
        return "Part[" + type + " #" + segmentSequence + "." + index + " t=" + decodeTime + " d=" + duration + "]";
    }
}
