package io.livepipe.media.smooth;

import io.livepipe.media.mp4.FourCC;
import io.livepipe.media.mp4.BoxWriter;
import io.livepipe.media.mp4.FragmentSamples;
import java.util.HexFormat;
import java.util.List;

/**
 * A Smooth Streaming fragment (MS-SSTR §2.2.4): a moof and its mdat, nothing before them (no
 * styp), timed at the manifest's time for it. The moof holds mfhd and one traf of tfhd
 * (default-base-is-moof, track 1), tfdt with that time, trun (each sample's duration, size,
 * flags, composition offset) and the {@code tfxd} box of §2.2.4.4 (the fragment's absolute time
 * and duration, which live clients read), and for live presentations the {@code tfrf} box of
 * §2.2.4.5 naming the fragments that follow it (time and duration each), which live clients add
 * to their list: our live manifests hold back their last {@link #LOOKAHEAD} fragments, as Media
 * Services did, and announce them here. Pure: samples in, bytes out.
 */
public final class SmoothFragment {
    /** tfxd's extended type, MS-SSTR §2.2.4.4. */
    static final byte[] TFXD = HexFormat.of().parseHex("6d1d9b0542d544e680e2141daff757b2");
    /** tfrf's extended type, MS-SSTR §2.2.4.5. */
    static final byte[] TFRF = HexFormat.of().parseHex("d4807ef2ca3946958e5426cb9e46a79f");
    static final int TRACK_ID = 1;
    /** How many fragments a live manifest holds back and a fragment's tfrf announces ({@code LookaheadCount}). */
    public static final int LOOKAHEAD = 2;

    /** A following fragment: its time and duration in the track's timescale. */
    public record Next(long time, long duration) { }
    private static final int SYNC = 0x02000000;
    private static final int NON_SYNC = 0x01010000;

    private SmoothFragment() { }

    /** The fragment of {@code samples} (a CMAF segment's, in the track's timescale) starting at manifest time {@code time}. */
    public static byte[] of(long sequence, long time, List<FragmentSamples.Sample> samples, boolean video) {
        return of(sequence, time, samples, video, null);
    }

    /** As {@link #of(long, long, List, boolean)}; {@code next} non-null (live) adds a tfrf of those (at most 255). */
    public static byte[] of(long sequence, long time, List<FragmentSamples.Sample> samples, boolean video, List<Next> next) {
        long duration = 0;
        for (FragmentSamples.Sample s : samples) duration += s.duration();
        BoxWriter w = new BoxWriter();
        w.start(FourCC.MOOF);
        w.start(FourCC.MFHD, 0, 0).u32(sequence & 0xffffffffL).end();
        w.start(FourCC.TRAF);
        w.start(FourCC.TFHD, 0, 0x020000).u32(TRACK_ID).end();
        w.start(FourCC.TFDT, 1, 0).u64(time).end();
        int flags = 0x001 | 0x100 | 0x200 | 0x400 | (video ? 0x800 : 0);
        w.start(FourCC.TRUN, 1, flags).u32(samples.size());
        int dataOffsetAt = w.position();
        w.u32(0);
        for (FragmentSamples.Sample s : samples) {
            w.u32(s.duration()).u32(s.data().length).u32(s.sync() ? SYNC : NON_SYNC);
            if (video) w.u32(s.compositionOffset() & 0xffffffffL);
        }
        w.end();
        w.start(FourCC.UUID).bytes(TFXD).u8(1).u24(0).u64(time).u64(duration).end();
        if (next != null) {
            int n = Math.min(255, next.size());
            w.start(FourCC.UUID).bytes(TFRF).u8(1).u24(0).u8(n);
            for (int i = 0; i < n; i++) w.u64(next.get(i).time()).u64(next.get(i).duration());
            w.end();
        }
        w.end().end();
        w.patch32(dataOffsetAt, w.position() + 8L); // the moof starts at 0
        w.start(FourCC.MDAT);
        for (FragmentSamples.Sample s : samples) w.bytes(s.data());
        w.end();
        return w.toByteArray();
    }
}
