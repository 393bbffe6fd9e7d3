package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A movie fragment as it arrives in a stream, moof and then its mdat (ISO/IEC 14496-12 section
 * 8.8): every traf, every trun, the tfhd and trex defaults, the base decode time of tfdt (or of the
 * tfxd box Smooth Streaming ingest writes instead), and each sample's bytes cut from the mdat.
 * Sample data is addressed from the start of the moof (default-base-is-moof, or no base flag as
 * CMAF and Smooth encoders write it); an absolute base-data-offset means nothing in a stream and
 * is refused. Every count and offset is checked before use. Pure.
 */
public final class MovieFragment {
    /** Samples one moof may carry, whatever its truns claim. */
    public static final int MAX_SAMPLES = 100_000;
    /** Smooth Streaming's TfxdBox (MS-SSTR 2.2.4.4), the fragment's absolute time and duration. */
    static final String TFXD = "6d1d9b0542d544e680e2141daff757b2";

    private static final int BASE_DATA_OFFSET = 0x01;
    private static final int DESCRIPTION_INDEX = 0x02;
    private static final int DEFAULT_DURATION = 0x08;
    private static final int DEFAULT_SIZE = 0x10;
    private static final int DEFAULT_FLAGS = 0x20;
    private static final int NON_SYNC = 0x10000;

    private MovieFragment() { }

    /**
     * The runs of {@code moof} (a whole moof box) over {@code mdat} (the whole mdat box after it);
     * {@code tracks} gives each track id's header, or null for a track no header declared.
     */
    public static List<TrackRun> parse(byte[] moof, byte[] mdat, IntFunction<Mp4Track> tracks) {
        List<Box> top = BoxReader.read(moof);
        if (top.size() != 1 || !top.get(0).type().equals(FourCC.MOOF)) throw new MalformedMediaException("not one moof box");
        if (mdat.length < 8 || !new String(mdat, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals(FourCC.MDAT)) {
            throw new MalformedMediaException("moof not followed by mdat");
        }
        int mdatHeader = ByteCursor.u32(mdat, 0) == 1 ? 16 : 8;
        long dataStart = (long) moof.length + mdatHeader;
        long dataEnd = (long) moof.length + mdat.length;
        List<TrackRun> out = new ArrayList<>();
        int total = 0;
        long nextBase = 0;
        for (Box traf : top.get(0).children()) {
            if (!traf.type().equals(FourCC.TRAF)) continue;
            ByteCursor h = traf.require(FourCC.TFHD).fields(moof);
            int flags = h.i32() & 0xffffff;
            int trackId = h.i32();
            Mp4Track track = tracks.apply(trackId);
            if (track == null) throw new MalformedMediaException("traf at offset " + traf.offset() + " is of track " + trackId + ", which no moov declared");
            if ((flags & BASE_DATA_OFFSET) != 0) throw new MalformedMediaException("tfhd at offset " + traf.offset() + " has an absolute base-data-offset");
            if ((flags & DESCRIPTION_INDEX) != 0) h.u32();
            long defDuration = (flags & DEFAULT_DURATION) != 0 ? h.u32() : track.defaults().duration();
            long defSize = (flags & DEFAULT_SIZE) != 0 ? h.u32() : track.defaults().size();
            int defFlags = (flags & DEFAULT_FLAGS) != 0 ? h.i32() : track.defaults().flags();
            // default-base-is-moof, or (ISO 14496-12 8.8.7.1) the first traf without a base: the moof's start
            long base = (flags & 0x020000) != 0 || out.isEmpty() ? 0 : nextBase;
            List<TrackRun.Sample> samples = new ArrayList<>();
            long position = base;
            for (Box trun : traf.children()) {
                if (!trun.type().equals(FourCC.TRUN)) continue;
                ByteCursor r = trun.fields(moof);
                int vf = r.i32();
                int rf = vf & 0xffffff;
                long count = r.u32();
                int perSample = 4 * Integer.bitCount(rf & 0xf00);
                long room = trun.payloadSize() - 8L - ((rf & 0x01) != 0 ? 4 : 0) - ((rf & 0x04) != 0 ? 4 : 0);
                if (total + count > MAX_SAMPLES || (perSample > 0 && count * perSample > room)) {
                    throw new MalformedMediaException("trun at offset " + trun.offset() + " declares " + count + " samples that do not fit");
                }
                if ((rf & 0x01) != 0) position = base + r.i32();
                int firstFlags = (rf & 0x04) != 0 ? r.i32() : -1;
                for (int i = 0; i < count; i++) {
                    long d = (rf & 0x100) != 0 ? r.u32() : defDuration;
                    long size = (rf & 0x200) != 0 ? r.u32() : defSize;
                    int f = (rf & 0x400) != 0 ? r.i32() : (i == 0 && firstFlags != -1 ? firstFlags : defFlags);
                    long cto = (rf & 0x800) != 0 ? ((vf >>> 24) == 0 ? r.u32() : r.i32()) : 0;
                    if (position < dataStart || size > dataEnd - position) {
                        throw new MalformedMediaException("sample " + i + " of trun at offset " + trun.offset() + " (" + size + " bytes at "
                                + position + ") lies outside its mdat");
                    }
                    int from = (int) (position - moof.length);
                    samples.add(new TrackRun.Sample(d, cto, (f & NON_SYNC) == 0, Arrays.copyOfRange(mdat, from, from + (int) size)));
                    position += size;
                }
                total += (int) count;
            }
            nextBase = position;
            out.add(new TrackRun(trackId, baseDecodeTime(moof, traf), samples));
        }
        if (out.isEmpty()) throw new MalformedMediaException("moof without traf");
        return List.copyOf(out);
    }

    private static long baseDecodeTime(byte[] moof, Box traf) {
        Box tfdt = traf.child(FourCC.TFDT);
        if (tfdt != null) {
            ByteCursor t = tfdt.fields(moof);
            return t.fullBoxVersion() == 1 ? t.u64() : t.u32();
        }
        for (Box b : traf.children()) {
            if (!b.type().equals(FourCC.UUID) || b.payloadSize() < 16) continue;
            if (!java.util.HexFormat.of().formatHex(moof, b.payloadOffset(), b.payloadOffset() + 16).equals(TFXD)) continue;
            ByteCursor x = new Box(FourCC.UUID, b.offset(), b.size(), b.headerSize() + 16, List.of()).fields(moof);
            // signed in practice: FFmpeg writes the audio track's priming as a time before 0
            return x.fullBoxVersion() == 1 ? x.u64() : x.i32();
        }
        return TrackRun.UNKNOWN;
    }
}
