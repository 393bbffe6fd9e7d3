package io.livepipe.media.flv;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an FLV stream tag by tag (Adobe FLV specification v10.1, annex E.2 and E.3), as FFmpeg
 * writes each ladder rung. Script tags are skipped; audio and video bodies go through
 * {@link FlvTags}. Each tag's size is bounded by {@link #MAX_TAG} before anything is allocated.
 */
public final class FlvReader {
    public static final int MAX_TAG = 8 * 1024 * 1024;

    private final DataInputStream in;
    private boolean headerRead;

    public FlvReader(InputStream in) { this.in = new DataInputStream(in); }

    /** Skips by reading: pipes cannot seek. */
    private void skip(int n) throws IOException {
        byte[] scratch = new byte[Math.min(n, 1024)];
        while (n > 0) {
            int r = Math.min(n, scratch.length);
            in.readFully(scratch, 0, r);
            n -= r;
        }
    }

    /** The next audio or video tag, or null at the end of the stream. */
    public FlvTag next() throws IOException {
        try {
            if (!headerRead) {
                byte[] h = new byte[9];
                in.readFully(h);
                if (h[0] != 'F' || h[1] != 'L' || h[2] != 'V') throw new FlvException("not an FLV stream");
                long offset = io.livepipe.media.ByteCursor.u32(h, 5);
                if (offset < 9 || offset > 1024) throw new FlvException("FLV header size " + offset);
                skip((int) offset - 9 + 4);
                headerRead = true;
            }
            while (true) {
                int type = in.readUnsignedByte() & 0x1f;
                int size = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                long ts = ((long) in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                ts |= (long) in.readUnsignedByte() << 24;
                skip(3);
                if (size > MAX_TAG) throw new FlvException("FLV tag of " + size + " bytes");
                byte[] body = new byte[size];
                in.readFully(body);
                skip(4);
                if (type == 9) return FlvTags.video(ts, body);
                if (type == 8) return FlvTags.audio(ts, body);
            }
        } catch (EOFException e) {
            return null;
        }
    }
}
