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

    /** The end of an AVC sequence, or an empty packet: nothing to pass on. */
    record Nothing() implements FlvTag { }

    /** A codec livepipe does not ingest, by name, so the caller can refuse it with a clear code. */
    record Unsupported(TrackType type, String codec) implements FlvTag { }
}
