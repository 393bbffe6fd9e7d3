package io.livepipe.media;

import java.nio.charset.StandardCharsets;

/**
 * The one way media parsers read big-endian fields from bytes held in memory: a position within
 * a window {@code [from, to)} of an array, every read checked against the window first, and
 * every refusal a {@link MalformedMediaException} naming the absolute offset and what was being
 * read. No I/O, no allocation beyond what {@link #bytes} returns. Not thread-safe (one per parse).
 */
public final class ByteCursor {
    private final byte[] b;
    private final String what;
    private int pos;
    private int limit;

    private ByteCursor(byte[] b, int from, int to, String what) {
        if (from < 0 || to > b.length || from > to) {
            throw new MalformedMediaException("window [" + from + ", " + to + ") outside " + b.length + " bytes");
        }
        this.b = b;
        this.what = what;
        this.pos = from;
        this.limit = to;
    }

    /** A cursor over all of {@code b}. */
    public static ByteCursor of(byte[] b) { return new ByteCursor(b, 0, b.length, null); }

    /** A cursor over {@code [from, to)} of {@code b}, starting at {@code from}. */
    public static ByteCursor of(byte[] b, int from, int to) { return new ByteCursor(b, from, to, null); }

    /** As {@link #of(byte[], int, int)}, its refusals starting with {@code what} (e.g. "'tfhd' at offset 120 is too short"). */
    public static ByteCursor of(byte[] b, int from, int to, String what) { return new ByteCursor(b, from, to, what); }

    /** The big-endian unsigned 32-bit field at {@code at} of {@code b}, bounds-checked. */
    public static long u32(byte[] b, int at) {
        if (at < 0 || at > b.length - 4) throw new MalformedMediaException("32-bit field at offset " + at + " beyond " + b.length + " bytes");
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** The absolute offset of the next byte. */
    public int position() { return pos; }

    public int limit() { return limit; }

    public int remaining() { return limit - pos; }

    /** Moves to absolute offset {@code at} and narrows the window to end at {@code to}. */
    public ByteCursor window(int at, int to) {
        if (at < 0 || to > b.length || at > to) throw new MalformedMediaException("window [" + at + ", " + to + ") outside " + b.length + " bytes");
        pos = at;
        limit = to;
        return this;
    }

    /** Refuses unless {@code n} more bytes of {@code what} fit the window. */
    public ByteCursor need(int n, String field) {
        if (n < 0 || n > limit - pos) {
            String message = field + " at offset " + pos + " needs " + n + " bytes; " + (limit - pos) + " remain";
            throw new MalformedMediaException(what == null ? message : what + " is too short: " + message);
        }
        return this;
    }

    public ByteCursor skip(int n) {
        need(n, "skipped field");
        pos += n;
        return this;
    }

    public int u8() {
        need(1, "8-bit field");
        return b[pos++] & 0xff;
    }

    public int u16() {
        need(2, "16-bit field");
        int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int u24() {
        need(3, "24-bit field");
        int v = ((b[pos] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    public long u32() {
        need(4, "32-bit field");
        long v = u32(b, pos);
        pos += 4;
        return v;
    }

    /** The next 32 bits as a Java int (flags, signed offsets). */
    public int i32() { return (int) u32(); }

    public long u64() {
        need(8, "64-bit field");
        return (u32() << 32) | u32();
    }

    /** The version of a full box (ISO/IEC 14496-12 section 4.2): its first byte, the 24 flag bits read past. */
    public int fullBoxVersion() { return i32() >>> 24; }

    /** A box type or other four-character code, ISO-8859-1. */
    public String fourcc() {
        need(4, "four-character code");
        String s = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
        pos += 4;
        return s;
    }

    /** A copy of the next {@code n} bytes. */
    public byte[] bytes(int n) {
        need(n, n + "-byte field");
        byte[] out = new byte[n];
        System.arraycopy(b, pos, out, 0, n);
        pos += n;
        return out;
    }
}
