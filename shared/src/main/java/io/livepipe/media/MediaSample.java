package io.livepipe.media;

import java.util.Objects;

/**
 * One access unit of one track as ingest delivers it, times in milliseconds (FLV's timescale).
 *
 * <p>Video data is H.264 in AVCC form (NAL units each preceded by a 4-byte big-endian length,
 * as FLV and MP4 carry them); audio data is one raw AAC frame. {@code compositionOffset} is
 * presentation time minus decode time (B-frames), zero for audio.
 */
public record MediaSample(TrackType type, long decodeTime, int compositionOffset, boolean keyframe,
                          byte[] data) {
    public MediaSample {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public long presentationTime() { return decodeTime + compositionOffset; }
}
