package io.livepipe.encoder.lowlatency;

import io.livepipe.media.cmaf.LiveEdge;
import io.livepipe.media.cmaf.Part;
import io.livepipe.media.cmaf.Segment;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.streaming.lowlatency.BlockingReload;
import io.livepipe.streaming.lowlatency.LowLatencyPlaylist;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One channel run's live edge in memory: per rendition, the last {@code maxSegments} whole
 * segments with their parts and the open segment's parts so far, as the fragmenter makes them.
 * Bounded: a segment past the ring is dropped with its parts. Each segment's program date-time is
 * the wall-clock time its first part was cut less that part's duration: when its first frame
 * reached livepipe, within a frame. Waiters (held requests) are completed when what they wait for
 * arrives; the origin bounds how long. Thread-safe: the channel's media thread writes, request
 * threads read.
 */
public final class PartRing implements LiveEdge {
    private final String channel;
    private final String runId;
    private final int maxSegments;
    private final double partTargetSeconds;
    private final int targetDuration;
    private final double segmentSeconds;
    private final Clock clock;
    private final Map<String, RingRendition> renditions = new TreeMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean closed;

    PartRing(String channel, String runId, int maxSegments, double partTargetSeconds, int targetDuration, Clock clock) {
        this(channel, runId, maxSegments, partTargetSeconds, targetDuration, targetDuration, clock);
    }

    /** {@code segmentSeconds}: the channel's key-frame interval, what segments last (LL-DASH addresses them by it). */
    PartRing(String channel, String runId, int maxSegments, double partTargetSeconds, int targetDuration, double segmentSeconds, Clock clock) {
        this.segmentSeconds = segmentSeconds;
        this.channel = channel;
        this.runId = runId;
        this.maxSegments = maxSegments;
        this.partTargetSeconds = partTargetSeconds;
        this.targetDuration = targetDuration;
        this.clock = clock;
    }

    private final List<SegmentStreamer> streamers = new ArrayList<>();

    /** A held request: ready when {@code rendition} holds segment {@code msn} whole ({@code part} < 0) or part {@code part} of it. */
    record Waiter(String rendition, long msn, int part, CompletableFuture<Void> ready) { }

    public String channel() { return channel; }

    public String runId() { return runId; }

    int targetDuration() { return targetDuration; }

    double segmentSeconds() { return segmentSeconds; }

    int maxSegments() { return maxSegments; }

    synchronized int currentInit(String rendition) {
        RingRendition r = renditions.get(rendition);
        return r == null ? -1 : r.currentInit;
    }

    double partTargetSeconds() { return partTargetSeconds; }

    @Override
    public synchronized void init(String rendition, Segment init) {
        RingRendition r = renditions.computeIfAbsent(rendition, k -> new RingRendition());
        r.track = init.track();
        for (int i = 0; i < r.inits.size(); i++) {
            if (Arrays.equals(r.inits.get(i), init.bytes())) {
                r.currentInit = i;
                return;
            }
        }
        r.inits.add(init.bytes());
        r.currentInit = r.inits.size() - 1;
    }

    @Override
    public synchronized void part(String rendition, Part p) {
        RingRendition r = renditions.get(rendition);
        if (r == null || r.currentInit < 0) return;
        RingSegment last = r.segments.peekLast();
        if (last == null || last.msn != p.segmentSequence()) {
            if (last != null && last.msn > p.segmentSequence()) return; // never back
            Instant pdt = clock.instant().minusNanos(p.duration() * 1_000_000_000L / r.track.timescale()).truncatedTo(ChronoUnit.MILLIS);
            last = new RingSegment(p.segmentSequence(), r.currentInit, p.discontinuity(), pdt);
            r.segments.addLast(last);
            if (r.firstMsn < 0) {
                r.firstMsn = p.segmentSequence();
                r.firstDecodeTime = p.decodeTime();
                r.firstStart = pdt;
            }
            while (r.segments.size() > maxSegments + 1) {
                RingSegment gone = r.segments.removeFirst();
                if (r.segments.peekFirst() != null && r.segments.peekFirst().discontinuity) r.discontinuitySequence++;
                r.bytes -= size(gone);
            }
        }
        if (p.index() != last.parts.size()) return; // a part out of order: never from our fragmenter
        last.parts.add(p);
        last.partBytes += p.bytes().length;
        r.bytes += p.bytes().length;
        for (SegmentStreamer x : streamers) {
            if (x.rendition.equals(rendition) && x.msn == p.segmentSequence() && x.sent == p.index()) {
                x.sent++;
                x.chunk.accept(p.bytes());
            }
        }
        wake(rendition);
    }

    @Override
    public synchronized void segment(String rendition, Segment s) {
        RingRendition r = renditions.get(rendition);
        if (r == null) return;
        for (Iterator<RingSegment> it = r.segments.descendingIterator(); it.hasNext(); ) {
            RingSegment x = it.next();
            if (x.msn == s.sequence()) {
                // served as its parts one after another (chunked CMAF, the same bytes as LL-DASH streamed them)
                x.whole = WHOLE;
                x.duration = s.duration();
                r.seconds += s.duration() / (double) r.track.timescale();
                break;
            }
        }
        endStreams(x -> x.rendition.equals(rendition) && x.msn <= s.sequence());
        wake(rendition);
    }

    private void endStreams(java.util.function.Predicate<SegmentStreamer> which) {
        List<SegmentStreamer> done = new ArrayList<>();
        for (SegmentStreamer x : streamers) if (which.test(x)) done.add(x);
        streamers.removeAll(done);
        for (SegmentStreamer x : done) x.end.run();
    }

    /**
     * Segment {@code msn} as chunked CMAF while it is made (LL-DASH): its parts so far at once,
     * each later part as it is cut, the end when the segment is whole — or after {@code maxWait}
     * at the latest. Empty when the segment is neither held nor one of the next two to come.
     */
    public synchronized Optional<io.livepipe.encoder.http.ChunkSource> stream(String rendition, long msn, java.time.Duration maxWait) {
        RingRendition r = renditions.get(rendition);
        if (r == null || r.segments.isEmpty()) return Optional.empty();
        RingSegment last = r.segments.peekLast();
        RingSegment s = find(rendition, msn);
        // a player whose clock runs a little ahead asks for the next segment or the one after it: it waits for it
        if (s == null && (msn <= last.msn || msn > last.msn + 2)) return Optional.empty();
        return Optional.of((chunk, end) -> {
            synchronized (PartRing.this) {
                RingSegment now = find(rendition, msn);
                SegmentStreamer x = new SegmentStreamer(rendition, msn, chunk, end);
                if (now != null) {
                    for (Part p : now.parts) chunk.accept(p.bytes());
                    x.sent = now.parts.size();
                    if (now.whole != null) {
                        end.run();
                        return;
                    }
                }
                if (closed) {
                    end.run();
                    return;
                }
                streamers.add(x);
            }
            java.util.concurrent.CompletableFuture.delayedExecutor(maxWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        synchronized (PartRing.this) {
                            endStreams(y -> y.chunk == chunk);
                        }
                    });
        });
    }

    /** Where a rendition's run began here: first segment number, its decode time, its wall-clock start; empty before any part. */
    synchronized Optional<Anchor> anchor(String rendition) {
        RingRendition r = renditions.get(rendition);
        if (r == null || r.firstMsn < 0) return Optional.empty();
        return Optional.of(new Anchor(r.firstMsn, r.firstDecodeTime, r.firstStart));
    }

    record Anchor(long msn, long decodeTime, Instant start) { }

    private static final byte[] WHOLE = new byte[0];

    private static long size(RingSegment s) { return s.partBytes; }

    /** Bytes held now, all renditions. */
    public synchronized long bytes() {
        long n = 0;
        for (RingRendition r : renditions.values()) n += r.bytes;
        return n;
    }

    synchronized List<String> renditionNames() { return new ArrayList<>(renditions.keySet()); }

    synchronized Optional<TrackInfo> track(String rendition) {
        RingRendition r = renditions.get(rendition);
        return r == null || r.track == null ? Optional.empty() : Optional.of(r.track);
    }

    /** Peak bits per second of a rendition's whole segments held now, for BANDWIDTH (0: none whole yet). */
    synchronized long bandwidth(String rendition) {
        RingRendition r = renditions.get(rendition);
        return r == null ? 0 : r.bandwidth();
    }

    synchronized Optional<byte[]> init(String rendition, int version) {
        RingRendition r = renditions.get(rendition);
        if (r == null || version < 0 || version >= r.inits.size()) return Optional.empty();
        return Optional.of(r.inits.get(version));
    }

    /** Segment {@code msn} whole (its parts one after another), if the ring holds it whole. */
    synchronized Optional<byte[]> segment(String rendition, long msn) {
        RingSegment s = find(rendition, msn);
        if (s == null || s.whole == null) return Optional.empty();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) s.partBytes);
        for (Part p : s.parts) out.writeBytes(p.bytes());
        return Optional.of(out.toByteArray());
    }

    /** What the ring holds of segment {@code msn} now, if any part of it. */
    synchronized Optional<RingSegment.Held> held(String rendition, long msn) {
        RingSegment s = find(rendition, msn);
        return s == null || s.parts.isEmpty() ? Optional.empty() : Optional.of(s.held());
    }

    /** A playlist with the start decode time of each of its segments, taken at one instant (for per-segment key IVs). */
    record Snapshot(LowLatencyPlaylist playlist, Map<Long, Long> starts) { }

    synchronized Optional<Snapshot> snapshot(String rendition, List<String> others) {
        Optional<LowLatencyPlaylist> p = playlist(rendition, others);
        if (p.isEmpty()) return Optional.empty();
        Map<Long, Long> starts = new java.util.HashMap<>();
        for (RingSegment s : renditions.get(rendition).segments) if (!s.parts.isEmpty()) starts.put(s.msn, s.parts.get(0).decodeTime());
        return Optional.of(new Snapshot(p.get(), starts));
    }

    /** Part {@code index} of segment {@code msn}, if held. */
    synchronized Optional<byte[]> part(String rendition, long msn, int index) {
        RingSegment s = find(rendition, msn);
        return s == null || index < 0 || index >= s.parts.size() ? Optional.empty() : Optional.of(s.parts.get(index).bytes());
    }

    /**
     * Whether part {@code index} of segment {@code msn} may still come: it is the next part the
     * rendition will make (the preload hint's, or the one after a hint a client raced ahead to).
     */
    synchronized boolean upcoming(String rendition, long msn, int index) {
        Edge e = edge(rendition);
        if (e == null) return false;
        long nextMsn = e.openParts >= 0 ? e.lastMsn : e.lastMsn + 1;
        int nextPart = e.openParts >= 0 ? e.openParts : 0;
        return msn == nextMsn && index >= nextPart && index <= nextPart + 1 || msn == nextMsn + 1 && index == 0 && e.openParts >= 0;
    }

    /** Where a rendition's edge is: the newest segment with parts, its part count if still open (-1 if whole), the last whole one. */
    record Edge(long lastMsn, int lastPart, int openParts, long completeMsn, int partsPerSegment) { }

    synchronized Edge edge(String rendition) {
        RingRendition r = renditions.get(rendition);
        if (r == null || r.segments.isEmpty()) return null;
        RingSegment last = r.segments.peekLast();
        long complete = -1;
        int perSegment = 0;
        for (RingSegment s : r.segments) {
            if (s.whole != null) {
                complete = s.msn;
                perSegment = Math.max(perSegment, s.parts.size());
            }
        }
        return new Edge(last.msn, last.parts.size() - 1, last.whole == null ? last.parts.size() : -1, complete,
                Math.max(perSegment, (int) Math.round(targetDuration / partTargetSeconds)));
    }

    /**
     * A blocking request's verdict against the rendition's edge now. The part just after the last
     * of a whole segment means the next segment's first part (how players ask after a segment ends).
     */
    synchronized BlockingReload.Verdict verdict(String rendition, BlockingReload b) {
        Edge e = edge(rendition);
        if (e == null) return b.blocking() ? BlockingReload.Verdict.WAIT : BlockingReload.Verdict.READY;
        return normalize(rendition, b).verdict(e.lastMsn(), e.lastPart(), e.completeMsn(), e.partsPerSegment(), partTargetSeconds);
    }

    private BlockingReload normalize(String rendition, BlockingReload b) {
        if (b.part() < 0) return b;
        RingSegment s = find(rendition, b.msn());
        if (s != null && s.whole != null && b.part() == s.parts.size()) return new BlockingReload(b.msn() + 1, 0, b.skip());
        return b;
    }

    /** Registers a held request; completed when ready (or at once if it already is). */
    synchronized CompletableFuture<Void> await(String rendition, BlockingReload b) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        BlockingReload n = normalize(rendition, b);
        Waiter w = new Waiter(rendition, n.msn(), n.part(), f);
        if (closed || ready(w)) {
            f.complete(null);
            return f;
        }
        waiters.add(w);
        f.whenComplete((x, t) -> forget(w));
        return f;
    }

    /** Held part requests: ready when part {@code index} of {@code msn} exists, or the segment ended without it. */
    synchronized CompletableFuture<Void> awaitPart(String rendition, long msn, int index) {
        return await(rendition, new BlockingReload(msn, index, false));
    }

    private synchronized void forget(Waiter w) { waiters.remove(w); }

    synchronized int waiting() { return waiters.size(); }

    private boolean ready(Waiter w) {
        RingRendition r = renditions.get(w.rendition());
        return r != null && r.reached(w.msn(), w.part());
    }

    private void wake(String rendition) {
        if (waiters.isEmpty()) return;
        List<Waiter> done = new ArrayList<>();
        for (Waiter w : waiters) if (w.rendition().equals(rendition) && ready(w)) done.add(w);
        waiters.removeAll(done);
        for (Waiter w : done) w.ready().complete(null);
    }

    /** The run ended here (a new run, or the service stops): every held request is answered now. */
    synchronized void close() {
        closed = true;
        endStreams(x -> true);
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter w : all) w.ready().complete(null);
    }

    /** The rendition's playlist now, with reports of the {@code others}. */
    synchronized Optional<LowLatencyPlaylist> playlist(String rendition, List<String> others) {
        RingRendition r = renditions.get(rendition);
        if (r == null || r.segments.isEmpty()) return Optional.empty();
        List<LowLatencyPlaylist.Seg> segs = new ArrayList<>();
        double timescale = r.track.timescale();
        String base = rendition + "/" + runId + "/";
        for (RingSegment s : r.segments) {
            List<LowLatencyPlaylist.PartRef> parts = new ArrayList<>();
            double d = 0;
            for (Part p : s.parts) {
                parts.add(new LowLatencyPlaylist.PartRef(base + s.msn + "." + p.index() + ".m4s", p.duration() / timescale, p.independent()));
                d += p.duration() / timescale;
            }
            if (s.whole != null) d = s.duration / timescale;
            segs.add(new LowLatencyPlaylist.Seg(s.msn, d, s.programDateTime, s.discontinuity, base + "init-" + s.init + ".mp4",
                    s.whole == null ? null : base + s.msn + ".m4s", parts));
        }
        RingSegment last = r.segments.peekLast();
        String hint = last.whole == null ? base + last.msn + "." + last.parts.size() + ".m4s" : base + (last.msn + 1) + ".0.m4s";
        List<LowLatencyPlaylist.Report> reports = new ArrayList<>();
        for (String o : others) {
            if (o.equals(rendition)) continue;
            Edge e = edge(o);
            if (e != null) reports.add(new LowLatencyPlaylist.Report(o + ".m3u8", e.lastMsn(), e.lastPart()));
        }
        // a pass-through contribution whose GOP is longer than the channel's key-frame interval makes longer segments
        int target = targetDuration;
        for (LowLatencyPlaylist.Seg s : segs) target = Math.max(target, (int) Math.round(Math.ceil(s.duration() - 0.0005)));
        return Optional.of(new LowLatencyPlaylist(target, partTargetSeconds, r.discontinuitySequence, segs, hint, reports));
    }

    /** Renditions and what they hold, for logs. */
    synchronized Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        renditions.forEach((k, v) -> out.put(k, v.segments.size()));
        return out;
    }

    private RingSegment find(String rendition, long msn) {
        RingRendition r = renditions.get(rendition);
        return r == null ? null : r.find(msn);
    }
}
