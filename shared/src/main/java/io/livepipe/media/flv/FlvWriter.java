package io.livepipe.media.flv;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.io.ByteArrayOutputStream;

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
        byte[] cfg = c.config();
        byte[] body;
        if (c.type() == TrackType.VIDEO) {
            body = new byte[5 + cfg.length];
            body[0] = 0x17;
            System.arraycopy(cfg, 0, body, 5, cfg.length);
            return tag(9, timestampMs, body);
        }
        body = new byte[2 + cfg.length];
        body[0] = (byte) 0xaf;
        System.arraycopy(cfg, 0, body, 2, cfg.length);
        return tag(8, timestampMs, body);
    }

    public static byte[] sample(MediaSample s) {
        byte[] d = s.data();
        if (s.type() == TrackType.VIDEO) {
            byte[] body = new byte[5 + d.length];
            body[0] = (byte) (s.keyframe() ? 0x17 : 0x27);
            body[1] = 1;
            int cto = s.compositionOffset();
            body[2] = (byte) (cto >> 16);
            body[3] = (byte) (cto >> 8);
            body[4] = (byte) cto;
            System.arraycopy(d, 0, body, 5, d.length);
            return tag(9, s.decodeTime(), body);
        }
        byte[] body = new byte[2 + d.length];
        body[0] = (byte) 0xaf;
        body[1] = 1;
        System.arraycopy(d, 0, body, 2, d.length);
        return tag(8, s.decodeTime(), body);
    }

    private static byte[] tag(int type, long ts, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(15 + body.length);
        out.write(type);
        out.write(body.length >> 16);
        out.write(body.length >> 8);
        out.write(body.length);
        out.write((int) (ts >> 16));
        out.write((int) (ts >> 8));
        out.write((int) ts);
        out.write((int) (ts >> 24));
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(body);
        int prev = 11 + body.length;
        out.write(prev >> 24);
        out.write(prev >> 16);
        out.write(prev >> 8);
        out.write(prev);
        return out.toByteArray();
    }
}
