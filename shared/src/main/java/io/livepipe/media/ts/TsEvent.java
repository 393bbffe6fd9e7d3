package io.livepipe.media.ts;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;

/** What the demuxer found in the bytes fed to it, in stream order. */
public sealed interface TsEvent {
    /** A track's decoder configuration, first and whenever it changes. */
    record Config(CodecConfig config) implements TsEvent { }

    /** One access unit (video) or one AAC frame (audio). */
    record Sample(MediaSample sample) implements TsEvent { }

    /**
     * Packets of a track were lost (a continuity-counter gap without the discontinuity indicator):
     * the PES in progress was dropped, and the next sample follows a hole.
     */
    record Discontinuity(TrackType type, int pid, int expectedCounter, int foundCounter) implements TsEvent { }

    /** The program carries a track of a codec livepipe does not ingest. */
    record Unsupported(TrackType type, int streamType, String codec) implements TsEvent { }

    /** The PCR ran backwards or jumped without a discontinuity indicator (reported, never used for timing). */
    record PcrIrregular(int pid, long previous, long found) implements TsEvent { }
}
