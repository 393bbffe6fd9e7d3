package io.livepipe.media.cenc;

import io.livepipe.media.mp4.FourCC;
import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AvcConfig;
import io.livepipe.media.h264.SliceHeaders;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import java.util.Arrays;
import java.util.List;

/**
 * What encryption needs from a clear CMAF header as {@link io.livepipe.media.mp4.CmafWriter}
 * writes it: one track with one sample entry, {@code avc1} (4-byte NAL lengths) or {@code mp4a},
 * where that entry sits and which boxes enclose it. Parse once and reuse for every segment of
 * the track: immutable, safe to share between threads.
 */
public final class ClearTrackHeader {
    /** VisualSampleEntry and AudioSampleEntry fields before their child boxes (ISO/IEC 14496-12 section 12.1.3, 12.2.3). */
    static final int VISUAL_FIELDS = 78;
    static final int AUDIO_FIELDS = 28;

    private final TrackType type;
    private final String format;
    /** Offsets of moov, trak, mdia, minf, stbl, stsd, then the sample entry. */
    private final int[] path;
    private final int entryEnd;
    private final int moovEnd;
    private final SliceHeaders sliceHeaders;

    private ClearTrackHeader(TrackType type, String format, int[] path, int entryEnd, int moovEnd, SliceHeaders sliceHeaders) {
        this.type = type;
        this.format = format;
        this.path = path;
        this.entryEnd = entryEnd;
        this.moovEnd = moovEnd;
        this.sliceHeaders = sliceHeaders;
    }

    public TrackType type() { return type; }

    /** The clear sample entry's format, {@code avc1} or {@code mp4a}. */
    public String format() { return format; }

    SliceHeaders sliceHeaders() { return sliceHeaders; }

    int[] path() { return path; }

    int entryOffset() { return path[path.length - 1]; }

    int entryEnd() { return entryEnd; }

    int moovEnd() { return moovEnd; }

    /** Reads a clear CMAF header; anything else is a {@link MalformedMediaException} saying why. */
    public static ClearTrackHeader of(byte[] init) {
        List<Box> top = BoxReader.read(init);
        Box moov = null;
        for (Box b : top) {
            if (!b.type().equals(FourCC.MOOV)) continue;
            if (moov != null) throw new MalformedMediaException("CMAF header with two moov boxes");
            moov = b;
        }
        if (moov == null) throw new MalformedMediaException("CMAF header without moov");
        Box trak = moov.only(FourCC.TRAK);
        Box mdia = trak.only(FourCC.MDIA);
        Box minf = mdia.only(FourCC.MINF);
        Box stbl = minf.only(FourCC.STBL);
        Box stsd = stbl.only(FourCC.STSD);
        for (Box b : List.of(moov, trak, mdia, minf, stbl, stsd)) {
            if (b.headerSize() != 8) throw new MalformedMediaException("'" + b.type() + "' at offset " + b.offset() + " has a 64-bit size");
        }
        int p = stsd.payloadOffset();
        int stsdEnd = stsd.offset() + stsd.size();
        if (stsdEnd - p < 16) throw new MalformedMediaException("stsd at offset " + stsd.offset() + " too short for a sample entry");
        if (ByteCursor.u32(init, p + 4) != 1) throw new MalformedMediaException("stsd with " + ByteCursor.u32(init, p + 4) + " sample entries; one expected");
        int entry = p + 8;
        long entrySize = ByteCursor.u32(init, entry);
        if (entrySize != stsdEnd - entry) throw new MalformedMediaException("sample entry at offset " + entry + " does not fill its stsd");
        String format = new String(init, entry + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = (int) (entry + entrySize);
        TrackType type;
        SliceHeaders headers = null;
        switch (format) {
            case FourCC.AVC1 -> {
                type = TrackType.VIDEO;
                int avcC = child(init, entry + 8 + VISUAL_FIELDS, end, FourCC.AVCC);
                AvcConfig config = AvcConfig.parse(Arrays.copyOfRange(init, avcC + 8, (int) (avcC + ByteCursor.u32(init, avcC))));
                if (config.nalLengthSize() != 4) throw new MalformedMediaException("NAL length size " + config.nalLengthSize() + "; 4 expected");
                headers = SliceHeaders.of(config);
            }
            case FourCC.MP4A -> {
                type = TrackType.AUDIO;
                child(init, entry + 8 + AUDIO_FIELDS, end, FourCC.ESDS);
            }
            case FourCC.ENCV, FourCC.ENCA -> throw new MalformedMediaException("CMAF header is already protected ('" + format + "')");
            default -> throw new MalformedMediaException("sample entry '" + format.replaceAll("[^ -~]", "?") + "' is neither avc1 nor mp4a");
        }
        int[] path = {moov.offset(), trak.offset(), mdia.offset(), minf.offset(), stbl.offset(), stsd.offset(), entry};
        return new ClearTrackHeader(type, format, path, end, moov.offset() + moov.size(), headers);
    }

    /** The offset of the child box of this type in the sample entry's boxes {@code [from, to)}. */
    private static int child(byte[] b, int from, int to, String type) {
        Box found = Box.find(b, from, to, type);
        if (found == null) throw new MalformedMediaException("sample entry has no '" + type + "'");
        return found.offset();
    }
}
