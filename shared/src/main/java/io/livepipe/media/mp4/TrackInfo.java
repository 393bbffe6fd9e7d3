package io.livepipe.media.mp4;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.aac.AacConfig;
import io.livepipe.media.h264.AvcConfig;

/**
 * What a CMAF track needs from its decoder configuration: timescale (90 kHz for video, the
 * sampling rate for audio), size or channels, and the RFC 6381 codecs string.
 */
public record TrackInfo(TrackType type, int timescale, String codecs, int width, int height, int sampleRate,
                        int channels, CodecConfig config) {
    public static final int VIDEO_TIMESCALE = 90_000;

    public static TrackInfo of(CodecConfig c) {
        if (CodecConfig.AVC1.equals(c.codec())) {
            AvcConfig a = AvcConfig.parse(c.config());
            return new TrackInfo(TrackType.VIDEO, VIDEO_TIMESCALE, a.codecsString(), a.width(), a.height(), 0, 0, c);
        }
        if (CodecConfig.MP4A.equals(c.codec())) {
            AacConfig a = AacConfig.parse(c.config());
            return new TrackInfo(TrackType.AUDIO, a.sampleRate(), a.codecsString(), 0, 0, a.sampleRate(), a.channels(), c);
        }
        throw new MalformedMediaException("codec " + c.codec() + " is not carried in CMAF here");
    }
}
