package io.livepipe.media.mp4;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracks of a fragmented MP4's movie box, for ingest (ISO/IEC 14496-12 sections 8.2-8.8,
 * ISO/IEC 14496-15 section 5.3 for avcC, ISO/IEC 14496-1 section 7.2.6 for the esds descriptors):
 * per trak its tkhd id, mdhd timescale, hdlr type, first sample entry (avc1/avc3 with avcC, mp4a
 * with an AAC DecoderSpecificInfo; any other entry is named, not read), the first edit of its
 * elst, and the trex defaults of mvex. Every field is read within its box; anything short or
 * contradictory is a {@link MalformedMediaException} naming box and offset. Pure.
 */
public final class MovieHeader {
    public static final int MAX_TRACKS = 16;
    private static final int VISUAL_SAMPLE_ENTRY = 78;
    private static final int AUDIO_SAMPLE_ENTRY = 28;
    private static final int AAC_OBJECT_TYPE = 0x40;

    private MovieHeader() { }

    /** The tracks of {@code data}, which holds a moov box at its top level (an init segment, or the moov alone). */
    public static List<Mp4Track> parse(byte[] data) {
        Box moov = null;
        for (Box b : BoxReader.read(data)) if (b.type().equals(FourCC.MOOV)) moov = b;
        if (moov == null) throw new MalformedMediaException("no moov box");
        Box mvhd = require(moov, FourCC.MVHD);
        Fields f = new Fields(data, mvhd);
        long movieTimescale = f.version() == 1 ? f.skip(16).u32() : f.skip(8).u32();
        if (movieTimescale == 0) throw new MalformedMediaException("mvhd at offset " + mvhd.offset() + " has timescale 0");
        Map<Integer, Mp4Track.Defaults> defaults = new HashMap<>();
        Box mvex = moov.child(FourCC.MVEX);
        if (mvex != null) {
            for (Box trex : mvex.children()) {
                if (!trex.type().equals(FourCC.TREX)) continue;
                Fields t = new Fields(data, trex);
                t.version();
                int id = t.u32i();
                t.u32();
                defaults.put(id, new Mp4Track.Defaults(t.u32(), t.u32(), t.u32i()));
            }
        }
        List<Mp4Track> out = new ArrayList<>();
        for (Box trak : moov.children()) {
            if (!trak.type().equals(FourCC.TRAK)) continue;
            if (out.size() == MAX_TRACKS) throw new MalformedMediaException("more than " + MAX_TRACKS + " tracks");
            Mp4Track t = track(data, trak, movieTimescale, defaults);
            for (Mp4Track other : out) {
                if (other.trackId() == t.trackId()) throw new MalformedMediaException("track id " + t.trackId() + " twice in moov");
            }
            out.add(t);
        }
        if (out.isEmpty()) throw new MalformedMediaException("moov at offset " + moov.offset() + " has no trak");
        return List.copyOf(out);
    }

    private static Mp4Track track(byte[] data, Box trak, long movieTimescale, Map<Integer, Mp4Track.Defaults> defaults) {
        Box tkhd = require(trak, FourCC.TKHD);
        Fields th = new Fields(data, tkhd);
        int id = th.version() == 1 ? th.skip(16).u32i() : th.skip(8).u32i();
        Box mdia = require(trak, FourCC.MDIA);
        Box mdhd = require(mdia, FourCC.MDHD);
        Fields mh = new Fields(data, mdhd);
        long timescale = mh.version() == 1 ? mh.skip(16).u32() : mh.skip(8).u32();
        if (timescale == 0) throw new MalformedMediaException("mdhd at offset " + mdhd.offset() + " has timescale 0");
        Box hdlr = require(mdia, FourCC.HDLR);
        Fields hf = new Fields(data, hdlr);
        hf.version();
        String handler = hf.skip(4).fourcc();
        TrackType type = switch (handler) {
            case FourCC.VIDE -> TrackType.VIDEO;
            case FourCC.SOUN -> TrackType.AUDIO;
            default -> null;
        };
        Box stsd = require(require(require(mdia, FourCC.MINF), FourCC.STBL), FourCC.STSD);
        Fields sd = new Fields(data, stsd);
        sd.version();
        if (sd.u32() < 1) throw new MalformedMediaException("stsd at offset " + stsd.offset() + " has no sample entry");
        int entry = sd.pos;
        long entrySize = sd.u32();
        String codec = sd.fourcc();
        int entryEnd = stsd.offset() + stsd.size();
        if (entrySize < 8 || entry + entrySize > entryEnd) {
            throw new MalformedMediaException("sample entry '" + BoxReader.printable(codec) + "' at offset " + entry + " does not fit its stsd");
        }
        CodecConfig config = type == null ? null : config(data, type, codec, entry, (int) (entry + entrySize));
        long[] edit = firstEdit(data, trak, movieTimescale);
        return new Mp4Track(id, type, codec, config, timescale, edit[0], edit[1], defaults.getOrDefault(id, Mp4Track.Defaults.NONE));
    }

    private static CodecConfig config(byte[] data, TrackType type, String codec, int entry, int entryEnd) {
        if (type == TrackType.VIDEO && (codec.equals(FourCC.AVC1) || codec.equals(FourCC.AVC3))) {
            Box avcC = child(data, entry + 8 + VISUAL_SAMPLE_ENTRY, entryEnd, FourCC.AVCC);
            if (avcC == null) throw new MalformedMediaException("'" + codec + "' at offset " + entry + " has no avcC");
            return validated(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1,
                    Arrays.copyOfRange(data, avcC.payloadOffset(), avcC.offset() + avcC.size())));
        }
        if (type == TrackType.AUDIO && codec.equals(FourCC.MP4A)) {
            Box esds = child(data, entry + 8 + AUDIO_SAMPLE_ENTRY, entryEnd, FourCC.ESDS);
            if (esds == null) throw new MalformedMediaException("'mp4a' at offset " + entry + " has no esds");
            byte[] asc = Descriptors.aacSpecificConfig(data, esds.payloadOffset() + 4, esds.offset() + esds.size(), AAC_OBJECT_TYPE);
            return asc == null ? null : validated(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, asc));
        }
        return null;
    }

    /** A configuration whose parameter sets livepipe can read (SPS, AudioSpecificConfig), or an exception saying why not. */
    private static CodecConfig validated(CodecConfig c) {
        try {
            TrackInfo.of(c);
            return c;
        } catch (MalformedMediaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedMediaException("unreadable " + c.codec() + " decoder configuration: " + e.getClass().getSimpleName());
        }
    }

    /** {media time, start delay in microseconds} of the track's first edit; no edit list: {0, 0}. */
    private static long[] firstEdit(byte[] data, Box trak, long movieTimescale) {
        Box edts = trak.child(FourCC.EDTS);
        Box elst = edts == null ? null : edts.child(FourCC.ELST);
        if (elst == null) return new long[] {0, 0};
        Fields e = new Fields(data, elst);
        int version = e.version();
        long count = e.u32();
        long delay = 0;
        for (long i = 0; i < count; i++) {
            long duration = version == 1 ? e.u64() : e.u32();
            long mediaTime = version == 1 ? e.u64() : e.u32i();
            e.u32();
            if (mediaTime == -1) {
                delay += duration;
                continue;
            }
            if (mediaTime < 0) throw new MalformedMediaException("elst at offset " + elst.offset() + " has media time " + mediaTime);
            if (delay < 0 || delay > Long.MAX_VALUE / 1_000_000L) throw new MalformedMediaException("elst at offset " + elst.offset() + " delays by " + delay);
            return new long[] {mediaTime, delay * 1_000_000L / movieTimescale};
        }
        return new long[] {0, 0};
    }

    /** The child box of {@code type} within {@code [from, to)}, sizes checked, or null. */
    static Box child(byte[] b, int from, int to, String type) {
        int pos = from;
        while (pos + 8 <= to) {
            long size = BoxFramer.u32(b, pos);
            if (size < 8 || pos + size > to) throw new MalformedMediaException("box at offset " + pos + " declares " + size + " bytes that do not fit");
            String t = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (t.equals(type)) return new Box(t, pos, (int) size, 8, List.of());
            pos += (int) size;
        }
        return null;
    }

    static Box require(Box parent, String type) {
        Box b = parent.child(type);
        if (b == null) throw new MalformedMediaException("'" + parent.type() + "' at offset " + parent.offset() + " has no '" + type + "'");
        return b;
    }

    /** A bounds-checked big-endian reader of one full box's fields. */
    static final class Fields {
        final byte[] b;
        final Box box;
        int pos;

        Fields(byte[] b, Box box) {
            this.b = b;
            this.box = box;
            this.pos = box.payloadOffset();
        }

        private void need(int n) {
            if (pos + n > box.offset() + box.size()) {
                throw new MalformedMediaException("'" + BoxReader.printable(box.type()) + "' at offset " + box.offset() + " is too short");
            }
        }

        int version() { return u32i() >>> 24; }

        Fields skip(int n) {
            need(n);
            pos += n;
            return this;
        }

        long u32() {
            need(4);
            long v = BoxFramer.u32(b, pos);
            pos += 4;
            return v;
        }

        int u32i() { return (int) u32(); }

        long u64() { return (u32() << 32) | u32(); }

        String fourcc() {
            need(4);
            String s = new String(b, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            pos += 4;
            return s;
        }
    }
}
