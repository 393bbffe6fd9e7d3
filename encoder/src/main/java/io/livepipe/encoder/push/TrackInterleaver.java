package io.livepipe.encoder.push;

import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the samples of separately pushed tracks back in decode order, as one RTMP connection
 * would interleave them: a DASH-IF source sends a video segment and an audio segment of the same
 * two seconds one after the other, or at once. A sample leaves when every expected track has one
 * waiting (the earliest leaves first), or when what waits spans more than the bound of media or
 * bytes (a track that went quiet must not hold the others). Before the first sample leaves, a
 * stream of one known track waits for {@code startupSpanMs} of it, for another track's header. Not thread-safe: its publish's lock.
 */
final class TrackInterleaver {
    private final long maxSpanMs;
    private final long maxBytes;
    private final Map<TrackType, ArrayDeque<MediaSample>> waiting = new EnumMap<>(TrackType.class);
    private final Set<TrackType> expected = EnumSet.noneOf(TrackType.class);
    private final long startupSpanMs;
    private long bytes;
    private boolean started;

    /**
     * {@code startupSpanMs}: before the first sample leaves, how much media of the tracks seen so
     * far waits for tracks not yet seen (each track's header may come in its own request, later
     * than another track's first segment).
     */
    TrackInterleaver(long maxSpanMs, long maxBytes, long startupSpanMs) {
        this.maxSpanMs = maxSpanMs;
        this.maxBytes = maxBytes;
        this.startupSpanMs = startupSpanMs;
    }

    void expect(TrackType t) { expected.add(t); }

    /** Adds {@code samples} of one track; returns what may leave now, in decode order. */
    List<MediaSample> add(List<MediaSample> samples) {
        for (MediaSample s : samples) {
            waiting.computeIfAbsent(s.type(), k -> new ArrayDeque<>()).add(s);
            bytes += s.data().length;
        }
        List<MediaSample> out = new ArrayList<>();
        while (true) {
            MediaSample earliest = earliest();
            if (earliest == null) break;
            boolean all = expected.stream().allMatch(t -> !waiting.getOrDefault(t, new ArrayDeque<>()).isEmpty());
            // Before the first leaves, a lone track waits a little for the headers of others that may follow.
            boolean ready = all && (started || expected.size() > 1 || span(earliest) > startupSpanMs);
            if (!ready && !overBound(earliest)) break;
            started = true;
            out.add(take(earliest.type()));
        }
        return out;
    }

    /** Everything still waiting, in decode order (the publish ends). */
    List<MediaSample> drain() {
        List<MediaSample> out = new ArrayList<>();
        for (MediaSample s = earliest(); s != null; s = earliest()) out.add(take(s.type()));
        return out;
    }

    private boolean overBound(MediaSample earliest) { return bytes > maxBytes || span(earliest) > maxSpanMs; }

    private long span(MediaSample earliest) {
        long latest = Long.MIN_VALUE;
        for (ArrayDeque<MediaSample> q : waiting.values()) if (!q.isEmpty()) latest = Math.max(latest, q.peekLast().decodeTime());
        return latest - earliest.decodeTime();
    }

    private MediaSample earliest() {
        MediaSample best = null;
        for (ArrayDeque<MediaSample> q : waiting.values()) {
            MediaSample s = q.peekFirst();
            if (s != null && (best == null || s.decodeTime() < best.decodeTime())) best = s;
        }
        return best;
    }

    private MediaSample take(TrackType t) {
        MediaSample s = waiting.get(t).pollFirst();
        bytes -= s.data().length;
        return s;
    }
}
