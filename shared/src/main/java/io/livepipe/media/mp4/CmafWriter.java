package io.livepipe.media.mp4;

import io.livepipe.media.TrackType;
import java.util.List;

/**
 * Writes CMAF (ISO/IEC 23000-19) track files for one track: the CMAF header (init segment:
 * ftyp, moov with one trak and mvex/trex) and CMAF fragments (styp, moof with mfhd and one traf
 * of tfhd, tfdt and trun, then mdat). Boxes as ISO/IEC 14496-12 defines them; avc1/avcC per
 * ISO/IEC 14496-15; mp4a/esds per ISO/IEC 14496-14. Track id is always 1: each track is its
 * own file, as CMAF packages them.
 */
public final class CmafWriter {
    static final int TRACK_ID = 1;
    /** sample_depends_on = 2: a sync sample. */
    static final int SYNC = 0x02000000;
    /** sample_depends_on = 1 and sample_is_non_sync_sample. */
    static final int NON_SYNC = 0x01010000;

    private CmafWriter() { }

    /** One sample of a fragment: duration and composition offset in the track's timescale. */
    public record Sample(int duration, int compositionOffset, boolean sync, byte[] data) { }

    public static byte[] init(TrackInfo t) {
        boolean video = t.type() == TrackType.VIDEO;
        BoxWriter w = new BoxWriter();
        w.start(FourCC.FTYP).fourcc("cmfc").u32(0).fourcc("cmfc").fourcc("iso6").fourcc("mp41").fourcc("dash").end();
        w.start(FourCC.MOOV);
        w.start(FourCC.MVHD, 0, 0).u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10).matrix().zeros(24).u32(TRACK_ID + 1).end();
        w.start(FourCC.TRAK);
        w.start(FourCC.TKHD, 0, 3).u32(0).u32(0).u32(TRACK_ID).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(video ? 0 : 0x0100).u16(0)
                .matrix().u32((long) t.width() << 16).u32((long) t.height() << 16).end();
        w.start(FourCC.MDIA);
        w.start(FourCC.MDHD, 0, 0).u32(0).u32(0).u32(t.timescale()).u32(0).u16(0x55c4).u16(0).end();
        String handler = video ? FourCC.VIDE : FourCC.SOUN;
        w.start(FourCC.HDLR, 0, 0).u32(0).fourcc(handler).zeros(12).bytes((video ? "VideoHandler" : "SoundHandler").getBytes()).u8(0).end();
        w.start(FourCC.MINF);
        if (video) w.start(FourCC.VMHD, 0, 1).zeros(8).end(); else w.start(FourCC.SMHD, 0, 0).zeros(4).end();
        w.start(FourCC.DINF).start(FourCC.DREF, 0, 0).u32(1).start(FourCC.URL, 0, 1).end().end().end();
        w.start(FourCC.STBL);
        w.start(FourCC.STSD, 0, 0).u32(1);
        if (video) avc1(w, t); else mp4a(w, t);
        w.end();
        w.start(FourCC.STTS, 0, 0).u32(0).end();
        w.start(FourCC.STSC, 0, 0).u32(0).end();
        w.start(FourCC.STSZ, 0, 0).u32(0).u32(0).end();
        w.start(FourCC.STCO, 0, 0).u32(0).end();
        w.end().end().end().end();
        w.start(FourCC.MVEX).start(FourCC.TREX, 0, 0).u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0).end().end();
        w.end();
        return w.toByteArray();
    }

    private static void avc1(BoxWriter w, TrackInfo t) {
        w.start(FourCC.AVC1).zeros(6).u16(1).zeros(16).u16(t.width()).u16(t.height()).u32(0x00480000).u32(0x00480000).u32(0)
                .u16(1).zeros(32).u16(0x0018).u16(0xffff);
        w.start(FourCC.AVCC).bytes(t.config().config()).end();
        w.end();
    }

    private static void mp4a(BoxWriter w, TrackInfo t) {
        byte[] asc = t.config().config();
        w.start(FourCC.MP4A).zeros(6).u16(1).zeros(8).u16(Math.max(1, t.channels())).u16(16).u16(0).u16(0)
                .u32((long) Math.min(t.sampleRate(), 65535) << 16);
        w.start(FourCC.ESDS, 0, 0);
        int dsi = 2 + asc.length;
        int dcd = 2 + 13 + dsi;
        int es = 2 + 3 + dcd + 3;
        w.u8(0x03).u8(es - 2).u16(0).u8(0);
        w.u8(0x04).u8(dcd - 2).u8(0x40).u8(0x15).u24(0).u32(0).u32(0);
        w.u8(0x05).u8(asc.length).bytes(asc);
        w.u8(0x06).u8(1).u8(0x02);
        w.end();
        w.end();
    }

    /** A fragment's bytes besides its samples and trun entries: styp (28), moof (8), mfhd (16), traf (8), tfhd (16), tfdt (20), trun's header (20), mdat's (8). */
    static final int FIXED_BYTES = 124;

    /** A CMAF fragment (media segment) of {@code samples} starting at {@code baseDecodeTime}. */
    public static byte[] fragment(TrackType type, long sequence, long baseDecodeTime, List<Sample> samples) {
        boolean video = type == TrackType.VIDEO;
        long total = 0;
        for (Sample s : samples) total += s.data().length;
        if (total + 8 > Integer.MAX_VALUE) throw new IllegalArgumentException("fragment too large");
        // Sized exactly, so that the samples are copied once and the array is returned as it is.
        BoxWriter w = new BoxWriter((int) Math.min(Integer.MAX_VALUE, FIXED_BYTES + (video ? 16L : 12L) * samples.size() + total));
        w.start(FourCC.STYP).fourcc("msdh").u32(0).fourcc("msdh").fourcc("msix").fourcc("cmfs").end();
        int moofStart = w.position();
        w.start(FourCC.MOOF);
        w.start(FourCC.MFHD, 0, 0).u32(sequence).end();
        w.start(FourCC.TRAF);
        w.start(FourCC.TFHD, 0, 0x020000).u32(TRACK_ID).end();
        w.start(FourCC.TFDT, 1, 0).u64(baseDecodeTime).end();
        int flags = 0x001 | 0x100 | 0x200 | 0x400 | (video ? 0x800 : 0);
        w.start(FourCC.TRUN, 1, flags).u32(samples.size());
        int dataOffsetAt = w.position();
        w.u32(0);
        for (Sample s : samples) {
            w.u32(s.duration()).u32(s.data().length).u32(s.sync() ? SYNC : NON_SYNC);
            if (video) w.u32(s.compositionOffset());
        }
        w.end().end().end();
        int moofSize = w.position() - moofStart;
        w.patch32(dataOffsetAt, moofSize + 8L);
        w.start(FourCC.MDAT);
        for (Sample s : samples) w.bytes(s.data());
        w.end();
        return w.toByteArray();
    }
}
