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
 * two seconds one after the other, or at once. Within a track too: a sender that uploads each
 * segment in its own request may have the next segment's first fragment arrive before the last
 * one's end (two connections racing), so each track's samples are kept in decode order and a
 * sample leaves only once its track has {@code reorderMs} of later media waiting behind it. A
 * sample leaves when every expected track has one ready (the earliest leaves first), or when what
 * waits spans more than the bound of media or bytes (a track that went quiet must not hold the
 * others). A sample that arrives after a later one of its track already left is dropped (counted
 * in {@link #late()}): a track's decode times never go back. Before the first sample leaves, a
 * stream of one known track waits for {@code startupSpanMs} of it, for another track's header.
 * Not thread-safe: its publish's lock.
 */
final class TrackInterleaver {
    private final long maxSpanMs;
    private final long maxBytes;
    private final Map<TrackType, ArrayDeque<MediaSample>> waiting = new EnumMap<>(TrackType.class);
    private final Set<TrackType> expected = EnumSet.noneOf(TrackType.class);
    private final long startupSpanMs;
    private final long reorderMs;
    private final Map<TrackType, Long> lastLeft = new EnumMap<>(TrackType.class);
    private long bytes;
    private long late;
    private boolean started;

    /**
     * {@code startupSpanMs}: before the first sample leaves, how much media of the tracks seen so
     * far waits for tracks not yet seen (each track's header may come in its own request, later
     * than another track's first segment).
     */
    TrackInterleaver(long maxSpanMs, long maxBytes, long startupSpanMs, long reorderMs) {
        this.reorderMs = reorderMs;
        this.maxSpanMs = maxSpanMs;
        this.maxBytes = maxBytes;
        this.startupSpanMs = startupSpanMs;
    }

    void expect(TrackType t) { expected.add(t); }

    /** Adds {@code samples} of one track; returns what may leave now, in decode order. */
    List<MediaSample> add(List<MediaSample> samples) {
        for (MediaSample s : samples) {
            Long left = lastLeft.get(s.type());
            if (left != null && s.decodeTime() < left) {
                late++;
                continue;
            }
            insertInOrder(waiting.computeIfAbsent(s.type(), k -> new ArrayDeque<>()), s);
            bytes += s.data().length;
        }
        List<MediaSample> out = new ArrayList<>();
        while (true) {
            MediaSample earliest = earliest();
            if (earliest == null) break;
            boolean all = expected.stream().allMatch(this::hasReady);
            // Before the first leaves, a lone track waits a little for the headers of others that may follow.
            boolean ready = all && (started || expected.size() > 1 || span(earliest) > startupSpanMs);
            if (!ready && !overBound(earliest)) break;
            started = true;
            out.add(take(earliest.type()));
        }
        return out;
    }

    /** Samples dropped because a later one of their track had left already. */
    long late() { return late; }

    /** Whether {@code t}'s first waiting sample has {@code reorderMs} of its track's media behind it. */
    private boolean hasReady(TrackType t) {
        ArrayDeque<MediaSample> q = waiting.get(t);
        return q != null && !q.isEmpty() && q.peekLast().decodeTime() - q.peekFirst().decodeTime() >= reorderMs;
    }

    /** Adds {@code s} at its place by decode time: at the end but for a segment overtaken by the next one. */
    private static void insertInOrder(ArrayDeque<MediaSample> q, MediaSample s) {
        if (q.isEmpty() || q.peekLast().decodeTime() <= s.decodeTime()) {
            q.addLast(s);
            return;
        }
        List<MediaSample> after = new ArrayList<>();
        while (!q.isEmpty() && q.peekLast().decodeTime() > s.decodeTime()) after.add(0, q.pollLast());
        q.addLast(s);
        q.addAll(after);
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
        lastLeft.put(t, s.decodeTime());
        return s;
    }
}
