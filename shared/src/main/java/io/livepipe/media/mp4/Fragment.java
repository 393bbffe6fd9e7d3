package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
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
        Box mfhd = moof.require(FourCC.MFHD);
        ByteCursor c = mfhd.fields(data).need(8, "mfhd fields");
        c.u32();
        long seq = c.u32();
        Box traf = moof.require(FourCC.TRAF);
        Box tfhd = traf.require(FourCC.TFHD);
        c = tfhd.fields(data).need(8, "tfhd fields");
        int tfhdFlags = c.i32() & 0xffffff;
        c.u32();
        if ((tfhdFlags & 0x01) != 0) c.u64();
        if ((tfhdFlags & 0x02) != 0) c.u32();
        long defDuration = (tfhdFlags & 0x08) != 0 ? c.u32() : 0;
        long defSize = (tfhdFlags & 0x10) != 0 ? c.u32() : 0;
        int defFlags = (tfhdFlags & 0x20) != 0 ? c.i32() : 0;
        long base = 0;
        Box tfdt = traf.child(FourCC.TFDT);
        if (tfdt != null) {
            c = tfdt.fields(data).need(8, "tfdt fields");
            base = c.fullBoxVersion() == 1 ? c.u64() : c.u32();
        }
        Box trun = traf.require(FourCC.TRUN);
        c = trun.fields(data).need(8, "trun fields");
        int vf = c.i32();
        int flags = vf & 0xffffff;
        long count = c.u32();
        int perSample = 4 * Integer.bitCount(flags & 0xf00);
        long room = trun.payloadSize() - 8 - ((flags & 0x01) != 0 ? 4 : 0) - ((flags & 0x04) != 0 ? 4 : 0);
        if (count > MAX_SAMPLES || (perSample > 0 && count * perSample > room)) {
            throw new MalformedMediaException("trun at offset " + trun.offset() + " declares " + count + " samples that do not fit");
        }
        long dataOffset = (flags & 0x01) != 0 ? c.i32() : 0;
        int firstFlags = (flags & 0x04) != 0 ? c.i32() : -1;
        List<SampleEntry> samples = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long d = (flags & 0x100) != 0 ? c.u32() : defDuration;
            long s = (flags & 0x200) != 0 ? c.u32() : defSize;
            int f = (flags & 0x400) != 0 ? c.i32() : (i == 0 && firstFlags != -1 ? firstFlags : defFlags);
            long cto = (flags & 0x800) != 0 ? ((vf >>> 24) == 1 ? c.i32() : c.u32()) : 0;
            samples.add(new SampleEntry(d, s, f, cto));
        }
        return new Fragment(seq, base, samples, dataOffset);
    }
}
