package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an ISO-BMFF byte stream that arrives in pieces of any size (an HTTP body) into whole
 * top-level boxes (ISO/IEC 14496-12 section 4.2), in order. A box's declared size is checked
 * against {@code maxBoxBytes} at its header, before anything is allocated for it; its buffer then
 * grows with the bytes that actually arrive (from at most 64 KiB, doubling), never to the announced
 * size up front. Size 0 ("to the end of the file") has no end in a live stream and is refused.
 * Pure: bytes in, boxes out; one instance per stream, one thread at a time.
 */
public final class BoxFramer {
    /** A whole top-level box: its type and its bytes, header included. */
    public record TopBox(String type, byte[] bytes) {
        @Override
        public String toString() { return "TopBox[" + BoxReader.printable(type) + ", " + bytes.length + " bytes]"; }
    }

    static final int FIRST_BUFFER = 64 * 1024;

    private final long maxBoxBytes;
    private final byte[] header = new byte[16];
    private int headerFill;
    private byte[] box;
    private int fill;
    private long size;
    private String type;
    private long offset;

    public BoxFramer(long maxBoxBytes) {
        if (maxBoxBytes < 16 || maxBoxBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxBoxBytes out of range: " + maxBoxBytes);
        this.maxBoxBytes = maxBoxBytes;
    }

    /** The boxes that {@code data[from, from + length)} completes; a malformed header is a {@link MalformedMediaException}. */
    public List<TopBox> feed(byte[] data, int from, int length) {
        List<TopBox> out = new ArrayList<>(2);
        int pos = from;
        int end = from + length;
        while (pos < end) {
            if (box == null) {
                int need = headerFill < 8 ? 8 - headerFill : 16 - headerFill;
                int n = Math.min(need, end - pos);
                System.arraycopy(data, pos, header, headerFill, n);
                headerFill += n;
                pos += n;
                if (headerFill == 8 || headerFill == 16) startBox();
            } else {
                int n = (int) Math.min(size - fill, end - pos);
                ensure(fill + n);
                System.arraycopy(data, pos, box, fill, n);
                fill += n;
                pos += n;
            }
            if (box != null && fill == size) {
                out.add(new TopBox(type, box.length == fill ? box : Arrays.copyOf(box, fill)));
                offset += size;
                box = null;
                fill = 0;
                headerFill = 0;
            }
        }
        return out;
    }

    /** Whether part of a box is held (the stream ended mid-box if it ends now). */
    public boolean midBox() { return box != null || headerFill > 0; }

    /** Bytes held for the box in progress (its buffer's capacity). */
    public long bytesHeld() { return box == null ? headerFill : box.length; }

    private void startBox() {
        long declared = ByteCursor.u32(header, 0);
        String t = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
        int headerSize = 8;
        if (declared == 1) {
            if (headerFill < 16) return; // the 64-bit size follows
            declared = (ByteCursor.u32(header, 8) << 32) | ByteCursor.u32(header, 12);
            headerSize = 16;
        }
        if (declared == 0) {
            throw new MalformedMediaException("box '" + BoxReader.printable(t) + "' at offset " + offset
                    + " has size 0 (to the end of the file), which a live stream never reaches");
        }
        if (declared < headerSize) {
            throw new MalformedMediaException("box '" + BoxReader.printable(t) + "' at offset " + offset + " declares " + declared
                    + " bytes, less than its header");
        }
        if (declared > maxBoxBytes) {
            throw new MalformedMediaException("box '" + BoxReader.printable(t) + "' at offset " + offset + " declares " + declared
                    + " bytes; at most " + maxBoxBytes + " are taken");
        }
        type = t;
        size = declared;
        box = new byte[(int) Math.min(declared, FIRST_BUFFER)];
        System.arraycopy(header, 0, box, 0, headerSize);
        fill = headerSize;
    }

    private void ensure(int capacity) {
        if (capacity <= box.length) return;
        long grown = Math.max(capacity, Math.min(size, 2L * box.length));
        box = Arrays.copyOf(box, (int) grown);
    }

}
