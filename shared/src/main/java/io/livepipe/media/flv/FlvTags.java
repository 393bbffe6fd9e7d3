package io.livepipe.media.flv;

import io.livepipe.media.ByteCursor;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AnnexBVideo;
import java.util.Arrays;

/**
 * Parses FLV audio and video tag bodies (Adobe FLV specification v10.1, annex E.4.2.1 AUDIODATA
 * and E.4.3.1 VIDEODATA, with the AAC and AVC packet headers of E.4.2.2 and E.4.3.2) as RTMP
 * audio (8) and video (9) messages carry them. H.264 and AAC become samples and decoder
 * configurations (H.264 in Annex B form, FFmpeg's without global headers, is passed on as such);
 * every other codec, including Enhanced RTMP's FourCC video, is reported by
 * name. A body may come whole or as its header ({@link #headerLength(boolean, int)}) and the
 * rest, which then becomes the sample's data without a copy. Pure and bounded: a body is at most the message that carried it. Written ourselves:
 * no maintained Java FLV library exists.
 */
public final class FlvTags {
    static final int CODEC_AVC = 7;
    static final int SOUND_AAC = 10;
    private static final String[] VIDEO_CODECS = {"?", "JPEG", "H.263", "Screen video", "VP6", "VP6 alpha",
            "Screen video 2", "AVC", "?", "?", "?", "?", "HEVC (legacy)", "?", "?", "?"};
    private static final String[] AUDIO_CODECS = {"Linear PCM", "ADPCM", "MP3", "Linear PCM LE", "Nellymoser 16k",
            "Nellymoser 8k", "Nellymoser", "G.711 A-law", "G.711 mu-law", "reserved", "AAC", "Speex", "?", "?",
            "MP3 8k", "Device-specific"};

    private FlvTags() { }

    /**
     * How many leading bytes of an audio or video tag body are its header when the rest is a
     * sample's data as it stands: 5 for AVC video (the VIDEODATA byte and the AVC packet type and
     * composition time), 2 for AAC audio (the AUDIODATA byte and the AAC packet type), 0 for a body
     * the three-argument parsers take whole (other codecs, Enhanced RTMP video, video info frames).
     * A receiver that keeps these bytes apart as they arrive hands the rest on without a copy.
     */
    public static int headerLength(boolean video, int firstByte) {
        int b0 = firstByte & 0xff;
        if (!video) return b0 >> 4 == SOUND_AAC ? 2 : 0;
        return (b0 & 0x80) == 0 && (b0 & 0x0f) == CODEC_AVC && b0 >> 4 != 5 ? 5 : 0;
    }

    /** A video tag body received with timestamp {@code timestampMs}. */
    public static FlvTag video(long timestampMs, byte[] body) { return whole(true, timestampMs, body); }

    /**
     * A video tag body received in two parts: {@code header}, its first
     * {@link #headerLength(boolean, int)} bytes, and {@code payload}, the rest, which a sample
     * keeps as it is; or, with an empty {@code header}, the whole body in {@code payload}.
     */
    public static FlvTag video(long timestampMs, byte[] header, byte[] payload) { return split(true, timestampMs, header, payload); }

    /** An audio tag body received with timestamp {@code timestampMs}. */
    public static FlvTag audio(long timestampMs, byte[] body) { return whole(false, timestampMs, body); }

    /** An audio tag body in two parts, as {@link #video(long, byte[], byte[])} takes a video one. */
    public static FlvTag audio(long timestampMs, byte[] header, byte[] payload) { return split(false, timestampMs, header, payload); }

    private static FlvTag whole(boolean video, long timestampMs, byte[] body) {
        int k = body.length == 0 ? 0 : headerLength(video, body[0]);
        if (k == 0 || body.length < k) return video ? unsplitVideo(body) : unsplitAudio(body);
        byte[] payload = Arrays.copyOfRange(body, k, body.length);
        return video ? avc(timestampMs, body, payload) : aac(timestampMs, body, payload);
    }

    private static FlvTag split(boolean video, long timestampMs, byte[] header, byte[] payload) {
        if (header.length == 0) return whole(video, timestampMs, payload);
        int expected = headerLength(video, header[0]);
        if (header.length != expected) {
            throw new IllegalArgumentException("a " + header.length + "-byte tag header where headerLength says " + expected);
        }
        return video ? avc(timestampMs, header, payload) : aac(timestampMs, header, payload);
    }

    /** A video body {@link #headerLength(boolean, int)} does not split: never a sample. */
    private static FlvTag unsplitVideo(byte[] body) {
        if (body.length < 1) return new FlvTag.Nothing();
        int b0 = body[0] & 0xff;
        if ((b0 & 0x80) != 0) {
            if (body.length < 5) throw new FlvException("enhanced video header truncated");
            String fourcc = new String(body, 1, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return new FlvTag.Unsupported(TrackType.VIDEO, fourcc.replaceAll("[^A-Za-z0-9]", "?"));
        }
        int codec = b0 & 0x0f;
        if (codec != CODEC_AVC) return new FlvTag.Unsupported(TrackType.VIDEO, VIDEO_CODECS[codec]);
        if (b0 >> 4 == 5) return new FlvTag.Nothing();
        throw new FlvException("AVC video tag shorter than its 5-byte header");
    }

    /** An AVC tag: the header's first 5 bytes are read, {@code payload} is what follows them. */
    private static FlvTag avc(long timestampMs, byte[] header, byte[] payload) {
        int frameType = (header[0] & 0xff) >> 4;
        int packetType = header[1] & 0xff;
        int cts = ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        if ((cts & 0x800000) != 0) cts -= 0x1000000;
        switch (packetType) {
            case 0:
                // FFmpeg's flv muxer sends an empty one when its encoder has no global header
                // (the tee muxer); the parameter sets then come in-band, in Annex B form
                if (payload.length == 0) return new FlvTag.Nothing();
                if (payload.length < 7) throw new FlvException("AVC sequence header shorter than 7 bytes");
                if (payload[0] != 1) throw new FlvException("AVCDecoderConfigurationRecord version is not 1");
                return new FlvTag.Config(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, payload));
            case 1:
                if (payload.length == 0) return new FlvTag.Nothing();
                if (!nalLengthsFit(payload)) {
                    if (AnnexBVideo.startsWithStartCode(payload)) return new FlvTag.AnnexBVideo(timestampMs, cts, frameType == 1, payload);
                    throw new FlvException("NAL unit lengths do not fit the " + payload.length + "-byte AVC video tag");
                }
                return new FlvTag.Sample(new MediaSample(TrackType.VIDEO, timestampMs, cts, frameType == 1, payload));
            case 2:
                return new FlvTag.Nothing();
            default:
                throw new FlvException("unknown AVC packet type " + packetType);
        }
    }

    /** Whether each NAL unit's 4-byte length fits in what remains, so later stages can trust them. */
    private static boolean nalLengthsFit(byte[] p) {
        int pos = 0;
        while (pos < p.length) {
            if (p.length - pos < 4) return false;
            long len = ByteCursor.u32(p, pos);
            if (len > p.length - pos - 4) return false;
            pos += 4 + (int) len;
        }
        return true;
    }

    /** An audio body {@link #headerLength(boolean, int)} does not split: never a sample. */
    private static FlvTag unsplitAudio(byte[] body) {
        if (body.length < 1) return new FlvTag.Nothing();
        int format = (body[0] & 0xff) >> 4;
        if (format != SOUND_AAC) return new FlvTag.Unsupported(TrackType.AUDIO, AUDIO_CODECS[format]);
        throw new FlvException("AAC audio tag shorter than its 2-byte header");
    }

    /** An AAC tag: the header's first 2 bytes are read, {@code payload} is what follows them. */
    private static FlvTag aac(long timestampMs, byte[] header, byte[] payload) {
        return switch (header[1] & 0xff) {
            case 0 -> {
                if (payload.length < 2) throw new FlvException("AudioSpecificConfig shorter than 2 bytes");
                yield new FlvTag.Config(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, payload));
            }
            case 1 -> payload.length == 0 ? new FlvTag.Nothing()
                    : new FlvTag.Sample(new MediaSample(TrackType.AUDIO, timestampMs, 0, true, payload));
            default -> throw new FlvException("unknown AAC packet type " + (header[1] & 0xff));
        };
    }
}
