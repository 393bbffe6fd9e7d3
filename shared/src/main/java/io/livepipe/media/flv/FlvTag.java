package io.livepipe.media.flv;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;

/** What one FLV audio or video tag body holds. */
public sealed interface FlvTag {
    /** A decoder configuration (AVC sequence header or AAC AudioSpecificConfig). */
    record Config(CodecConfig config) implements FlvTag { }

    /** One access unit. */
    record Sample(MediaSample sample) implements FlvTag { }

    /**
     * One H.264 access unit in Annex B form (start codes where FLV wants lengths), as FFmpeg's flv
     * muxer sends when its encoder has no global header; the caller converts it and takes the
     * parameter sets from it ({@link io.livepipe.media.h264.AnnexBVideo}).
     */
    record AnnexBVideo(long timestampMs, int compositionOffset, boolean keyframe, byte[] payload) implements FlvTag { }

    /** The end of an AVC sequence, or an empty packet: nothing to pass on. */
    record Nothing() implements FlvTag { }

    /** A codec livepipe does not ingest, by name, so the caller can refuse it with a clear code. */
    record Unsupported(TrackType type, String codec) implements FlvTag { }
}
