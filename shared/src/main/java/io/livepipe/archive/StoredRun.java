package io.livepipe.archive;

import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's folder already holds, as a writer that starts on an existing run (after a crash
 * or a restart) needs it: where the run's media ends (milliseconds on the run's timeline, over
 * every rendition), and per rendition its last sequence, newest init version and last segment. Pure: built
 * from the store's listing of the run's prefix; paths that are not segment names are ignored.
 */
public record StoredRun(long endMs, Map<String, RenditionEnd> renditions) {
    /** One rendition's last sequence (0: none), newest init version (-1: none) and the path of its last segment (null: none). */
    public record RenditionEnd(long lastSequence, int lastInitVersion, String lastPath) {
        public RenditionEnd(long lastSequence, int lastInitVersion) { this(lastSequence, lastInitVersion, null); }
    }

    public static final StoredRun EMPTY = new StoredRun(0, Map.of());

    public StoredRun {
        renditions = Map.copyOf(renditions);
    }

    /** The run's folder, listed once. */
    public static StoredRun read(BlobStore media, String channel, String runId) {
        return read(media, SegmentName.runPrefix(channel, runId));
    }

    static StoredRun read(BlobStore media, String prefix) {
        return of(media.list(prefix).stream().map(BlobProperties::path).toList());
    }

    public static StoredRun of(Iterable<String> paths) {
        long end = 0;
        Map<String, RenditionEnd> out = new HashMap<>();
        for (String p : paths) {
            Optional<SegmentName> parsed = SegmentName.parse(p);
            if (parsed.isEmpty()) continue;
            SegmentName n = parsed.get();
            RenditionEnd cur = out.getOrDefault(n.rendition(), new RenditionEnd(0, -1));
            boolean last = !n.init() && (cur.lastPath() == null || n.sequence() > cur.lastSequence());
            long seq = last ? n.sequence() : cur.lastSequence();
            out.put(n.rendition(), new RenditionEnd(seq, Math.max(cur.lastInitVersion(), n.initVersion()), last ? p : cur.lastPath()));
            if (!n.init()) end = Math.max(end, ceilMs(n.endTime(), n.timescale()));
        }
        return new StoredRun(end, out);
    }

    public boolean isEmpty() { return renditions.isEmpty(); }

    public Optional<RenditionEnd> rendition(String name) { return Optional.ofNullable(renditions.get(name)); }

    private static long ceilMs(long ticks, int timescale) {
        // without overflow for any decode time a name can hold
        return ticks / timescale * 1000 + ((ticks % timescale) * 1000 + timescale - 1) / timescale;
    }
}
