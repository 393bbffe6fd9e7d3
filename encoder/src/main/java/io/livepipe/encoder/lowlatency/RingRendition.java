package io.livepipe.encoder.lowlatency;

import io.livepipe.media.mp4.TrackInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One rendition of a {@link PartRing}: its inits and the segments it holds. Guarded by the ring's lock. */
final class RingRendition {
    TrackInfo track;
    final List<byte[]> inits = new ArrayList<>();
    int currentInit = -1;
    final ArrayDeque<RingSegment> segments = new ArrayDeque<>();
    long discontinuitySequence;
    long bytes;
    double seconds;
    /** The run's first segment here: its number, decode time and wall-clock start (the LL-DASH time anchor). */
    long firstMsn = -1;
    long firstDecodeTime;
    Instant firstStart;

    RingSegment find(long msn) {
        for (RingSegment s : segments) if (s.msn == msn) return s;
        return null;
    }

    /** Peak bits per second of the whole segments held now, for BANDWIDTH (0: none whole yet). */
    long bandwidth() {
        double peak = 0;
        for (RingSegment s : segments) if (s.whole != null && s.duration > 0) peak = Math.max(peak, s.partBytes * 8.0 * track.timescale() / s.duration);
        return (long) peak;
    }

    /**
     * Whether a held request for segment {@code msn} whole ({@code part} < 0) or part {@code part}
     * of it may be answered: it is here, the segment ended without that part, or it is gone already.
     */
    boolean reached(long msn, int part) {
        if (segments.isEmpty()) return false;
        if (segments.peekFirst().msn > msn) return true; // gone already: answer with what there is
        for (RingSegment s : segments) {
            if (part < 0) {
                if (s.msn >= msn && s.whole != null) return true;
            } else {
                if (s.msn > msn) return true;
                if (s.msn == msn && (s.parts.size() > part || s.whole != null)) return true;
            }
        }
        return false;
    }
}
