package io.livepipe.media.cmaf;

import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.flv.FlvTags;
import java.util.ArrayList;
import java.util.List;

/** Reads the tags of an FLV file (Adobe FLV specification v10.1, annex E.2 and E.3), for tests. */
public final class FlvFile {
    private FlvFile() { }

    public static List<FlvTag> tags(byte[] f) {
        List<FlvTag> out = new ArrayList<>();
        int pos = ((f[5] & 0xff) << 24 | (f[6] & 0xff) << 16 | (f[7] & 0xff) << 8 | (f[8] & 0xff)) + 4;
        while (pos + 11 <= f.length) {
            int type = f[pos] & 0x1f;
            int size = (f[pos + 1] & 0xff) << 16 | (f[pos + 2] & 0xff) << 8 | (f[pos + 3] & 0xff);
            long ts = ((f[pos + 4] & 0xffL) << 16 | (f[pos + 5] & 0xff) << 8 | (f[pos + 6] & 0xff)) | ((f[pos + 7] & 0xffL) << 24);
            if (pos + 11 + size > f.length) break;
            byte[] body = java.util.Arrays.copyOfRange(f, pos + 11, pos + 11 + size);
            if (type == 9) out.add(FlvTags.video(ts, body));
            if (type == 8) out.add(FlvTags.audio(ts, body));
            pos += 11 + size + 4;
        }
        return out;
    }
}
