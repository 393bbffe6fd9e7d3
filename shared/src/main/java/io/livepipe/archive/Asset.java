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
     * One rendition's init segments and segments, ordered by creation then path. The inits are
     * keyed by init id ({@link SegmentName#initId()}): the run id for a run's first codec
     * configuration — all that documents written before init versions existed hold — and
     * {@code {run}.{version}} for each later one; each segment names its own.
     */
    public record Timeline(Map<String, String> initByRun, List<Entry> segments) {
        public Timeline {
            initByRun = initByRun == null ? Map.of() : Map.copyOf(initByRun);
            segments = segments == null ? List.of() : List.copyOf(segments);
        }
    }

    /**
     * A segment in a timeline: where it is, its times, the version of its run's init segment it
     * needs (0, the run's first, in documents written before versions existed), and when the
     * store created it.
     */
    public record Entry(String path, String runId, long sequence, long decodeTime, long duration, int timescale,
                        boolean keyframe, boolean discontinuity, Instant created, long size, int initVersion) {
        /** A segment of its run's first init segment. */
        public Entry(String path, String runId, long sequence, long decodeTime, long duration, int timescale,
                     boolean keyframe, boolean discontinuity, Instant created, long size) {
            this(path, runId, sequence, decodeTime, duration, timescale, keyframe, discontinuity, created, size, 0);
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
