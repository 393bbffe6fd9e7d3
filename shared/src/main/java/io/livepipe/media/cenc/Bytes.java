package io.livepipe.media.cenc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing big-endian byte buffer with box sizes filled in on close (ISO/IEC 14496-12 section 4.2). */
final class Bytes {
    private byte[] b;
    private int pos;
    private final int[] open = new int[8];
    private int depth;

    Bytes(int capacity) { b = new byte[Math.max(16, capacity)]; }

    private void ensure(int n) {
        if (pos + n > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, pos + n));
    }

    Bytes box(String type) {
        open[depth++] = pos;
        u32(0);
        return fourcc(type);
    }

    Bytes fullBox(String type, int version, int flags) { return box(type).u8(version).u24(flags); }

    Bytes end() {
        int at = open[--depth];
        put32(b, at, pos - at);
        return this;
    }

    int position() { return pos; }

    Bytes u8(int v) { ensure(1); b[pos++] = (byte) v; return this; }

    Bytes u16(int v) { ensure(2); b[pos++] = (byte) (v >>> 8); b[pos++] = (byte) v; return this; }

    Bytes u24(int v) { ensure(3); b[pos++] = (byte) (v >>> 16); b[pos++] = (byte) (v >>> 8); b[pos++] = (byte) v; return this; }

    Bytes u32(long v) { ensure(4); put32(b, pos, v); pos += 4; return this; }

    Bytes fourcc(String s) { return bytes(s.getBytes(StandardCharsets.US_ASCII)); }

    Bytes bytes(byte[] v) { return bytes(v, 0, v.length); }

    Bytes bytes(byte[] v, int off, int len) {
        ensure(len);
        System.arraycopy(v, off, b, pos, len);
        pos += len;
        return this;
    }

    byte[] toByteArray() {
        if (depth != 0) throw new IllegalStateException(depth + " boxes still open");
        return Arrays.copyOf(b, pos);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
