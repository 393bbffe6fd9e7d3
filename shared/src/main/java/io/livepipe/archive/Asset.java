package io.livepipe.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A program's recording: per rendition, its timeline of segments — live while the program runs,
 * video on demand once it is sealed. Segments are referenced where the channel wrote them (no
 * copy). The timeline depends only on which segments were stamped, never on the order the
 * stamps arrived in, so duplicate and shuffled delivery give the same document.
 */
public record Asset(String name, String channel, String program, Duration archiveWindow, String state, Instant created,
                    Instant sealed, Map<String, Timeline> renditions) {
    public static final String LIVE = "live";
    public static final String VOD = "vod";

    public Asset {
        renditions = renditions == null ? Map.of() : Map.copyOf(renditions);
    }

    /**
     * One rendition's init segments and segments, ordered by creation then path, and what was
     * ever stamped of each run ({@link Run}) — kept after its segments leave the window, so that
     * numbering and period times hold while the window slides. The inits are keyed by init id
     * ({@link SegmentName#initId()}): the run id for a run's first codec configuration — all that
     * documents written before init versions existed hold — and {@code {run}.{version}} for each
     * later one; each segment names its own.
     */
    public record Timeline(Map<String, String> initByRun, List<Entry> segments, Map<String, Run> runs) {
        public Timeline {
            initByRun = initByRun == null ? Map.of() : Map.copyOf(initByRun);
            segments = segments == null ? List.of() : List.copyOf(segments);
            runs = runs == null ? Map.of() : Map.copyOf(runs);
        }

        public Timeline(Map<String, String> initByRun, List<Entry> segments) { this(initByRun, segments, Map.of()); }

        /**
         * The segment's position in the asset, from 0, and so its HLS media sequence number
         * (RFC 8216 §6.2.1): the segments of the runs created before its run, then its place in
         * its own run's numbering. It depends only on which segments were ever stamped, never on
         * the window, so a URI keeps its number and the first number never decreases.
         */
        public long mediaSequence(Entry e) { return mediaSequence(e, run(e.runId())); }

        /** As {@link #mediaSequence(Entry)}, with its run {@code own} as {@link #run} gave it (for callers that number many segments). */
        public long mediaSequence(Entry e, Run own) {
            long base = 0;
            for (Map.Entry<String, Run> r : runs.entrySet()) {
                if (before(r.getKey(), r.getValue(), e.runId(), own)) base += r.getValue().lastSequence() - r.getValue().firstSequence() + 1;
            }
            return base + Math.max(0, e.sequence() - own.firstSequence());
        }

        /**
         * How many discontinuities (a new run, or an encoder reconnect within a run) come before
         * the segment or at it: the HLS discontinuity sequence number of the segment (RFC 8216
         * §6.2.2), whether or not those discontinuities are still in the window.
         */
        public long discontinuitySequence(Entry e) { return discontinuitySequence(e, run(e.runId())); }

        /** As {@link #discontinuitySequence(Entry)}, with its run {@code own} as {@link #run} gave it. */
        public long discontinuitySequence(Entry e, Run own) {
            long n = 0;
            for (Map.Entry<String, Run> r : runs.entrySet()) {
                if (before(r.getKey(), r.getValue(), e.runId(), own)) n += 1 + r.getValue().reconnectsAfterStart(Long.MAX_VALUE);
            }
            return n + own.reconnectsAfterStart(e.sequence());
        }

        /** The key of {@link #stretch}'s stretch in its run: 0 for the run's start, else the sequence number of the reconnect. */
        public long stretchKey(Entry e) { return stretchKey(e, run(e.runId())); }

        public long stretchKey(Entry e, Run own) {
            Long at = own.reconnectAtOrBefore(e.sequence());
            return at == null ? 0 : at;
        }

        /** The continuous stretch of media the segment is part of: its run, from its start or from the last reconnect at or before it. */
        public Stretch stretch(Entry e) { return stretch(e, run(e.runId())); }

        /** As {@link #stretch(Entry)}, with its run {@code own} as {@link #run} gave it. */
        public Stretch stretch(Entry e, Run own) {
            Long at = own.reconnectAtOrBefore(e.sequence());
            return at == null ? own.start() : own.reconnects().get(at);
        }

        /** Its run as stamped; for a document written before runs were kept, what its listed segments say (a pass over them). */
        public Run run(String runId) {
            Run r = runs.get(runId);
            if (r != null) return r;
            Run derived = null;
            for (Entry e : segments) if (e.runId().equals(runId)) derived = Run.with(derived, e);
            return derived == null ? new Run(Instant.EPOCH, 0, 0, new Stretch(0, 0, Instant.EPOCH), Map.of()) : derived;
        }

        private static boolean before(String id, Run r, String ownId, Run own) {
            if (id.equals(ownId)) return false;
            int c = r.created().compareTo(own.created());
            return c < 0 || (c == 0 && id.compareTo(ownId) < 0);
        }
    }

    /**
     * What was ever stamped of one run of a rendition, as set functions of its segments (so any
     * delivery order gives the same): when its first segment was created, its first and last
     * sequence numbers, and its continuous stretches — the start of the run (null while only
     * segments after a reconnect were stamped), and each encoder reconnect (a segment flagged
     * {@code d}, by sequence number).
     */
    public record Run(Instant created, long firstSequence, long lastSequence, Stretch start, Map<Long, Stretch> reconnects) {
        public Run {
            reconnects = reconnects == null ? Map.of() : Map.copyOf(reconnects);
        }

        /** Reconnects after the run's first segment, at or before {@code sequence} (one at the first segment is the run's own start). */
        long reconnectsAfterStart(long sequence) {
            long n = 0;
            for (Long at : reconnects.keySet()) if (at > firstSequence && at <= sequence) n++;
            return n;
        }

        /** The latest reconnect at or before {@code sequence}, or null. */
        Long reconnectAtOrBefore(long sequence) {
            Long at = null;
            for (Long k : reconnects.keySet()) if (k <= sequence && (at == null || k > at)) at = k;
            return at;
        }

        /** This run with one more segment stamped ({@code r} null: the first). */
        public static Run with(Run r, Entry e) {
            Stretch one = Stretch.of(e);
            if (r == null) {
                return e.discontinuity() ? new Run(e.created(), e.sequence(), e.sequence(), null, Map.of(e.sequence(), one))
                        : new Run(e.created(), e.sequence(), e.sequence(), one, Map.of());
            }
            Map<Long, Stretch> reconnects = new java.util.TreeMap<>(r.reconnects());
            Stretch start = r.start();
            Long at = r.reconnectAtOrBefore(e.sequence());
            if (e.discontinuity()) reconnects.merge(e.sequence(), one, Stretch::merge);
            else if (at != null) reconnects.merge(at, one, Stretch::merge);
            else start = start == null ? one : start.merge(one);
            return new Run(e.created().isBefore(r.created()) ? e.created() : r.created(), Math.min(r.firstSequence(), e.sequence()),
                    Math.max(r.lastSequence(), e.sequence()), start, reconnects);
        }
    }

    /**
     * A continuous stretch of one rendition's media: the decode time it starts at (the least
     * stamped), and the wall-clock time its decode time 0 corresponds to, estimated as the
     * earliest of {@code created - (decodeTime + duration)} over its segments (the least write
     * latency), to the millisecond. DASH periods start there.
     */
    public record Stretch(long decodeTime, int timescale, Instant epoch) {
        static Stretch of(Entry e) {
            long endMicros = (e.decodeTime() + e.duration()) * 1_000_000 / e.timescale();
            return new Stretch(e.decodeTime(), e.timescale(), e.created().minusNanos(endMicros * 1000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }

        Stretch merge(Stretch o) {
            return new Stretch(Math.min(decodeTime, o.decodeTime), Math.max(timescale, o.timescale), epoch.isBefore(o.epoch) ? epoch : o.epoch);
        }

        /** When the stretch's first segment starts, by the wall clock. */
        public Instant startTime() {
            return timescale == 0 ? epoch : epoch.plusNanos(decodeTime * 1_000_000L / timescale * 1000);
        }
    }

    /**
     * A segment in a timeline: where it is, its times, the version of its run's init segment it
     * needs (0, the run's first, in documents written before versions existed), when the store
     * created it, and how many frames it holds (0: not known, in documents and names written
     * before the writer said so).
     */
    public record Entry(String path, String runId, long sequence, long decodeTime, long duration, int timescale,
                        boolean keyframe, boolean discontinuity, Instant created, long size, int initVersion, int frames) {
        /** A segment of its run's first init segment, its frames not known. */
        public Entry(String path, String runId, long sequence, long decodeTime, long duration, int timescale,
                     boolean keyframe, boolean discontinuity, Instant created, long size) {
            this(path, runId, sequence, decodeTime, duration, timescale, keyframe, discontinuity, created, size, 0, 0);
        }

        /** The entry of a stored segment that the store created at {@code created}, {@code size} bytes long. */
        public static Entry of(SegmentName n, Instant created, long size) {
            return new Entry(n.path(), n.runId(), n.sequence(), n.decodeTime(), n.duration(), n.timescale(),
                    n.keyframe(), n.discontinuity(), created, size, n.initVersion(), n.frames());
        }

        /** The key of its init segment in {@link Timeline#initByRun()}. */
        public String initId() { return SegmentName.initId(runId, initVersion); }
    }

    /** Bytes of every segment the timelines reference (init segments, a few hundred bytes each, left out). */
    public long sizeBytes() {
        return renditions.values().stream().flatMap(t -> t.segments().stream()).mapToLong(Entry::size).sum();
    }

    public double durationSeconds() {
        return renditions.values().stream().mapToDouble(t -> t.segments().stream()
                .mapToDouble(e -> e.duration() / (double) e.timescale()).sum()).max().orElse(0);
    }
}
