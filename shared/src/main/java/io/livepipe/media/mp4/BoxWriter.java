package io.livepipe.media.mp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO-BMFF boxes (ISO/IEC 14496-12 section 4.2) big-endian into a growing array: open a
 * box, write its fields and children, close it and its size is filled in.
 */
public final class BoxWriter {
    private byte[] b;
    private int pos;
    private final int[] open = new int[32];
    private int depth;

    public BoxWriter() { this(1024); }

    public BoxWriter(int capacity) { b = new byte[Math.max(16, capacity)]; }

    private void ensure(int n) {
        if (pos + n > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, pos + n));
    }

    public BoxWriter start(String type) {
        open[depth++] = pos;
        u32(0);
        fourcc(type);
        return this;
    }

    /** A full box: version and 24-bit flags after the type. */
    public BoxWriter start(String type, int version, int flags) {
        start(type);
        u8(version);
        u24(flags);
        return this;
    }

    public BoxWriter end() {
        int at = open[--depth];
        int size = pos - at;
        b[at] = (byte) (size >>> 24);
        b[at + 1] = (byte) (size >>> 16);
        b[at + 2] = (byte) (size >>> 8);
        b[at + 3] = (byte) size;
        return this;
    }

    public int position() { return pos; }

    public BoxWriter u8(int v) { ensure(1); b[pos++] = (byte) v; return this; }

    public BoxWriter u16(int v) { ensure(2); b[pos++] = (byte) (v >>> 8); b[pos++] = (byte) v; return this; }

    public BoxWriter u24(int v) { ensure(3); b[pos++] = (byte) (v >>> 16); b[pos++] = (byte) (v >>> 8); b[pos++] = (byte) v; return this; }

    public BoxWriter u32(long v) {
        ensure(4);
        b[pos++] = (byte) (v >>> 24);
        b[pos++] = (byte) (v >>> 16);
        b[pos++] = (byte) (v >>> 8);
        b[pos++] = (byte) v;
        return this;
    }

    public BoxWriter u64(long v) { u32(v >>> 32); return u32(v & 0xffffffffL); }

    public BoxWriter zeros(int n) { ensure(n); pos += n; return this; }

    public BoxWriter fourcc(String s) { return bytes(s.getBytes(StandardCharsets.US_ASCII)); }

    public BoxWriter bytes(byte[] v) { return bytes(v, 0, v.length); }

    public BoxWriter bytes(byte[] v, int off, int len) {
        ensure(len);
        System.arraycopy(v, off, b, pos, len);
        pos += len;
        return this;
    }

    /** Overwrites a 32-bit field written earlier (the trun data offset). */
    public void patch32(int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Writes {@code v} as a big-endian 32-bit field at {@code at} of {@code b} (a box size patched in place). */
    public static void writeU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }


    /** The identity matrix of tkhd and mvhd. */
    BoxWriter matrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    public byte[] toByteArray() {
        if (depth != 0) throw new IllegalStateException(depth + " boxes still open");
        return pos == b.length ? b : Arrays.copyOf(b, pos);
    }
}
