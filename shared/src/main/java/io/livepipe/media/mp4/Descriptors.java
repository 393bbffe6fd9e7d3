package io.livepipe.media.mp4;

import io.livepipe.media.MalformedMediaException;
import java.util.Arrays;

/**
 * The MPEG-4 descriptors of an esds box (ISO/IEC 14496-1 section 7.2.6): ES_Descriptor (tag 3)
 * holding a DecoderConfigDescriptor (tag 4) holding the DecoderSpecificInfo (tag 5). Lengths use
 * the expandable form (up to four bytes of 7 bits), as FFmpeg writes them; every length is checked
 * against its parent.
 */
final class Descriptors {
    static final int ES = 3;
    static final int DECODER_CONFIG = 4;
    static final int DECODER_SPECIFIC = 5;
    static final int MAX_SPECIFIC_INFO = 64;

    private Descriptors() { }

    /**
     * The DecoderSpecificInfo of the ES_Descriptor in {@code [from, to)} when its object type is
     * {@code objectType}; null when the stream is of another object type (another codec).
     */
    static byte[] aacSpecificConfig(byte[] b, int from, int to, int objectType) {
        int[] es = header(b, from, to, ES);
        int pos = es[0];
        int end = es[1];
        need(pos, 3, end, "ES_Descriptor");
        int flags = b[pos + 2] & 0xff;
        pos += 3;
        if ((flags & 0x80) != 0) pos += 2;
        if ((flags & 0x40) != 0) {
            need(pos, 1, end, "ES_Descriptor URL");
            pos += 1 + (b[pos] & 0xff);
        }
        if ((flags & 0x20) != 0) pos += 2;
        need(pos, 0, end, "ES_Descriptor");
        int[] dc = header(b, pos, end, DECODER_CONFIG);
        need(dc[0], 13, dc[1], "DecoderConfigDescriptor");
        if ((b[dc[0]] & 0xff) != objectType) return null;
        int[] dsi = header(b, dc[0] + 13, dc[1], DECODER_SPECIFIC);
        int len = dsi[1] - dsi[0];
        if (len < 2 || len > MAX_SPECIFIC_INFO) throw new MalformedMediaException("DecoderSpecificInfo of " + len + " bytes at offset " + dsi[0]);
        return Arrays.copyOfRange(b, dsi[0], dsi[1]);
    }

    /** {payload start, payload end} of the descriptor with {@code tag} at {@code pos}. */
    private static int[] header(byte[] b, int pos, int end, int tag) {
        need(pos, 1, end, "descriptor tag " + tag);
        if ((b[pos] & 0xff) != tag) throw new MalformedMediaException("expected descriptor tag " + tag + " at offset " + pos + ", found " + (b[pos] & 0xff));
        int p = pos + 1;
        int len = 0;
        for (int i = 0; ; i++) {
            if (i == 4) throw new MalformedMediaException("descriptor length of more than 4 bytes at offset " + pos);
            need(p, 1, end, "descriptor length");
            int v = b[p++] & 0xff;
            len = (len << 7) | (v & 0x7f);
            if ((v & 0x80) == 0) break;
        }
        need(p, len, end, "descriptor tag " + tag);
        return new int[] {p, p + len};
    }

    private static void need(int pos, int n, int end, String what) {
        if (pos < 0 || n < 0 || (long) pos + n > end) throw new MalformedMediaException(what + " at offset " + pos + " runs past its box");
    }
}
