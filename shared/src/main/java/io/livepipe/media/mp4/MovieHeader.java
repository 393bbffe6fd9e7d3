package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
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
        Box mvhd = moov.require(FourCC.MVHD);
        ByteCursor f = mvhd.fields(data);
        long movieTimescale = f.fullBoxVersion() == 1 ? f.skip(16).u32() : f.skip(8).u32();
        if (movieTimescale == 0) throw new MalformedMediaException("mvhd at offset " + mvhd.offset() + " has timescale 0");
        Map<Integer, Mp4Track.Defaults> defaults = new HashMap<>();
        Box mvex = moov.child(FourCC.MVEX);
        if (mvex != null) {
            for (Box trex : mvex.children()) {
                if (!trex.type().equals(FourCC.TREX)) continue;
                ByteCursor t = trex.fields(data);
                t.fullBoxVersion();
                int id = t.i32();
                t.u32();
                defaults.put(id, new Mp4Track.Defaults(t.u32(), t.u32(), t.i32()));
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
        Box tkhd = trak.require(FourCC.TKHD);
        ByteCursor th = tkhd.fields(data);
        int id = th.fullBoxVersion() == 1 ? th.skip(16).i32() : th.skip(8).i32();
        Box mdia = trak.require(FourCC.MDIA);
        Box mdhd = mdia.require(FourCC.MDHD);
        ByteCursor mh = mdhd.fields(data);
        long timescale = mh.fullBoxVersion() == 1 ? mh.skip(16).u32() : mh.skip(8).u32();
        if (timescale == 0) throw new MalformedMediaException("mdhd at offset " + mdhd.offset() + " has timescale 0");
        Box hdlr = mdia.require(FourCC.HDLR);
        ByteCursor hf = hdlr.fields(data);
        hf.fullBoxVersion();
        String handler = hf.skip(4).fourcc();
        TrackType type = switch (handler) {
            case FourCC.VIDE -> TrackType.VIDEO;
            case FourCC.SOUN -> TrackType.AUDIO;
            default -> null;
        };
        Box stsd = mdia.require(FourCC.MINF).require(FourCC.STBL).require(FourCC.STSD);
        ByteCursor sd = stsd.fields(data);
        sd.fullBoxVersion();
        if (sd.u32() < 1) throw new MalformedMediaException("stsd at offset " + stsd.offset() + " has no sample entry");
        int entry = sd.position();
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
            Box avcC = Box.find(data, entry + 8 + VISUAL_SAMPLE_ENTRY, entryEnd, FourCC.AVCC);
            if (avcC == null) throw new MalformedMediaException("'" + codec + "' at offset " + entry + " has no avcC");
            return validated(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1,
                    Arrays.copyOfRange(data, avcC.payloadOffset(), avcC.offset() + avcC.size())));
        }
        if (type == TrackType.AUDIO && codec.equals(FourCC.MP4A)) {
            Box esds = Box.find(data, entry + 8 + AUDIO_SAMPLE_ENTRY, entryEnd, FourCC.ESDS);
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
        ByteCursor e = elst.fields(data);
        int version = e.fullBoxVersion();
        long count = e.u32();
        long delay = 0;
        for (long i = 0; i < count; i++) {
            long duration = version == 1 ? e.u64() : e.u32();
            long mediaTime = version == 1 ? e.u64() : e.i32();
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
}
