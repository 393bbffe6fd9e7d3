package io.livepipe.media.flv;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;

/**
 * Writes an FLV stream (Adobe FLV specification v10.1, annex E.2 header and E.3 body) from
 * decoder configurations and samples: what FFmpeg reads on its standard input when it encodes
 * a channel's ladder. The inverse of {@link FlvTags} and {@link FlvReader}.
 */
public final class FlvWriter {
    private FlvWriter() { }

    /** The 9-byte header announcing audio and video, and the first PreviousTagSize (0). */
    public static byte[] header() {
        return new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0};
    }

    public static byte[] config(CodecConfig c, long timestampMs) {
        if (c.type() == TrackType.VIDEO) return tag(9, timestampMs, new byte[] {0x17, 0, 0, 0, 0}, c.config());
        return tag(8, timestampMs, new byte[] {(byte) 0xaf, 0}, c.config());
    }

    public static byte[] sample(MediaSample s) {
        if (s.type() == TrackType.VIDEO) {
            int cto = s.compositionOffset();
            byte[] head = {(byte) (s.keyframe() ? 0x17 : 0x27), 1, (byte) (cto >> 16), (byte) (cto >> 8), (byte) cto};
            return tag(9, s.decodeTime(), head, s.data());
        }
        return tag(8, s.decodeTime(), new byte[] {(byte) 0xaf, 1}, s.data());
    }

    /** One tag (E.4.1: 11-byte header, body = {@code head} then {@code data}) and its PreviousTagSize, in one array. */
    private static byte[] tag(int type, long ts, byte[] head, byte[] data) {
        int size = head.length + data.length;
        byte[] t = new byte[11 + size + 4];
        t[0] = (byte) type;
        t[1] = (byte) (size >> 16);
        t[2] = (byte) (size >> 8);
        t[3] = (byte) size;
        t[4] = (byte) (ts >> 16);
        t[5] = (byte) (ts >> 8);
        t[6] = (byte) ts;
        t[7] = (byte) (ts >> 24);
        System.arraycopy(head, 0, t, 11, head.length);
        System.arraycopy(data, 0, t, 11 + head.length, data.length);
        int prev = 11 + size;
        t[t.length - 4] = (byte) (prev >> 24);
        t[t.length - 3] = (byte) (prev >> 16);
        t[t.length - 2] = (byte) (prev >> 8);
        t[t.length - 1] = (byte) prev;
        return t;
    }
}
