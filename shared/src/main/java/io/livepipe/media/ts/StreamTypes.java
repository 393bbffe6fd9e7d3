package io.livepipe.media.ts;

import io.livepipe.media.TrackType;

/** PMT stream_type values (ISO/IEC 13818-1 Table 2-34, and the registered ones encoders send). */
final class StreamTypes {
    static final int H264 = 0x1b;
    static final int ADTS_AAC = 0x0f;

    private StreamTypes() { }

    /** Whether a stream type is audio or video media (ingested or not); null for data, metadata and private streams. */
    static TrackType media(int type) {
        return switch (type) {
            case 0x01, 0x02, 0x10, 0x1b, 0x24, 0x33, 0xea -> TrackType.VIDEO;
            case 0x03, 0x04, 0x0f, 0x11, 0x81, 0x87 -> TrackType.AUDIO;
            default -> null;
        };
    }

    static String codec(int type) {
        return switch (type) {
            case 0x01 -> "mpeg1video";
            case 0x02 -> "mpeg2video";
            case 0x10 -> "mpeg4part2";
            case 0x24 -> "hevc";
            case 0x33 -> "vvc";
            case 0xea -> "vc1";
            case 0x03, 0x04 -> "mpegaudio";
            case 0x11 -> "aac-latm";
            case 0x81 -> "ac-3";
            case 0x87 -> "e-ac-3";
            default -> "stream_type 0x" + Integer.toHexString(type);
        };
    }
}
