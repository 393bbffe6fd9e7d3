package io.livepipe.media.mp4;

import io.livepipe.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a movie fragment says of its first track run (ISO/IEC 14496-12 section 8.8): sequence
 * number, base decode time, and per sample duration, size, flags and composition offset, with
 * the defaults of tfhd and trex applied. Parsed from moof; the samples' bytes stay in mdat.
 */
public record Fragment(long sequence, long baseDecodeTime, List<SampleEntry> samples, long dataOffset) {
    /** Upper bound on trun sample counts, whatever the box claims. */
    public static final int MAX_SAMPLES = 100_000;

    public record SampleEntry(long duration, long size, int flags, long compositionOffset) { }

    /** The first fragment of a CMAF fragment file or of any fragmented MP4 (moof after moov). */
    public static Fragment parse(byte[] data) {
        List<Box> boxes = BoxReader.read(data);
        Box moof = null;
        for (Box b : boxes) if (b.type().equals(FourCC.MOOF)) { moof = b; break; }
        if (moof == null) throw new MalformedMediaException("no moof box");
        Cursor c = new Cursor(data);
        Box mfhd = require(moof, FourCC.MFHD);
        c.at(mfhd.payloadOffset()).need(mfhd, 8).u32();
        long seq = c.u32();
        Box traf = require(moof, FourCC.TRAF);
        Box tfhd = require(traf, FourCC.TFHD);
        c.at(tfhd.payloadOffset()).need(tfhd, 8);
        int tfhdFlags = c.u32i() & 0xffffff;
        c.u32();
        if ((tfhdFlags & 0x01) != 0) c.need(tfhd, 8).u64();
        if ((tfhdFlags & 0x02) != 0) c.u32();
        long defDuration = (tfhdFlags & 0x08) != 0 ? c.u32() : 0;
        long defSize = (tfhdFlags & 0x10) != 0 ? c.u32() : 0;
        int defFlags = (tfhdFlags & 0x20) != 0 ? c.u32i() : 0;
        long base = 0;
        Box tfdt = traf.child(FourCC.TFDT);
        if (tfdt != null) {
            c.at(tfdt.payloadOffset()).need(tfdt, 8);
            int version = c.u32i() >>> 24;
            base = version == 1 ? c.need(tfdt, 8).u64() : c.u32();
        }
        Box trun = require(traf, FourCC.TRUN);
        c.at(trun.payloadOffset()).need(trun, 8);
        int vf = c.u32i();
        int flags = vf & 0xffffff;
        long count = c.u32();
        int perSample = 4 * Integer.bitCount(flags & 0xf00);
        long room = trun.payloadSize() - 8 - ((flags & 0x01) != 0 ? 4 : 0) - ((flags & 0x04) != 0 ? 4 : 0);
        if (count > MAX_SAMPLES || (perSample > 0 && count * perSample > room)) {
            throw new MalformedMediaException("trun at offset " + trun.offset() + " declares " + count + " samples that do not fit");
        }
        long dataOffset = (flags & 0x01) != 0 ? c.u32i() : 0;
        int firstFlags = (flags & 0x04) != 0 ? c.u32i() : -1;
        List<SampleEntry> samples = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long d = (flags & 0x100) != 0 ? c.u32() : defDuration;
            long s = (flags & 0x200) != 0 ? c.u32() : defSize;
            int f = (flags & 0x400) != 0 ? c.u32i() : (i == 0 && firstFlags != -1 ? firstFlags : defFlags);
            long cto = (flags & 0x800) != 0 ? ((vf >>> 24) == 1 ? c.u32i() : c.u32()) : 0;
            samples.add(new SampleEntry(d, s, f, cto));
        }
        return new Fragment(seq, base, samples, dataOffset);
    }

    private static Box require(Box parent, String type) {
        Box b = parent.child(type);
        if (b == null) throw new MalformedMediaException("'" + parent.type() + "' at offset " + parent.offset() + " has no '" + type + "'");
        return b;
    }

    /** A bounds-checked big-endian cursor within one box. */
    private static final class Cursor {
        final byte[] b;
        int pos;
        int limit;

        Cursor(byte[] b) { this.b = b; }

        Cursor at(int p) { pos = p; return this; }

        Cursor need(Box box, int n) {
            limit = box.offset() + box.size();
            if (pos + n > limit) throw new MalformedMediaException("'" + box.type() + "' at offset " + box.offset() + " is too short");
            return this;
        }

        private void check(int n) {
            if (pos + n > b.length || (limit > 0 && pos + n > limit)) throw new MalformedMediaException("box field beyond its box at " + pos);
        }

        long u32() {
            check(4);
            long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        int u32i() { return (int) u32(); }

        long u64() { return (u32() << 32) | u32(); }
    }
}
