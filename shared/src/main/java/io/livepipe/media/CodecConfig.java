package io.livepipe.media;

import java.util.Objects;

/**
 * A track's decoder configuration as ingest receives it: for {@code avc1} the
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1), for {@code mp4a} the
 * AudioSpecificConfig (ISO/IEC 14496-3 section 1.6.2.1).
 */
public record CodecConfig(TrackType type, String codec, byte[] config) {
    public static final String AVC1 = "avc1";
    public static final String MP4A = "mp4a";

    public CodecConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(config, "config");
    }
}
