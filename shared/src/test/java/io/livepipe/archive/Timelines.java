package io.livepipe.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole-document stamp ArchiveStamp did before timelines were kept in chunks, kept here as
 * the reference that chunked timelines are checked against ({@code TimelineChunksTest}), the
 * benchmark's reference ({@code TimelineBenchmark}), and a quick way for tests to build an
 * asset in memory: stamping a segment into an asset as a pure function. A segment already
 * present changes nothing. The archive window is circular and measured on the segments'
 * creation times: after each stamp, segments created more than the window before the newest are
 * dropped, and a late segment already outside the window is not added. Each rendition also keeps
 * what was ever stamped of each run ({@link Asset.Run}), late segments outside the window
 * included. Stamped in creation order, it gives what {@link TimelineAssembly} assembles from
 * the same segments in any order.
 */
public final class Timelines {
    private static final Comparator<Asset.Entry> ORDER =
            Comparator.comparing(Asset.Entry::created).thenComparing(Asset.Entry::path);

    private Timelines() { }

    public static Asset stamp(Asset a, SegmentName n, Instant created, long size) {
        Map<String, Asset.Timeline> renditions = new TreeMap<>(a.renditions());
        Asset.Timeline t = renditions.getOrDefault(n.rendition(), new Asset.Timeline(Map.of(), List.of()));
        if (n.init()) {
            if (n.path().equals(t.initByRun().get(n.initId()))) return a;
            Map<String, String> inits = new TreeMap<>(t.initByRun());
            inits.put(n.initId(), n.path());
            renditions.put(n.rendition(), new Asset.Timeline(inits, t.segments(), t.runs()));
            return with(a, renditions);
        }
        for (Asset.Entry e : t.segments()) if (e.path().equals(n.path())) return a;
        Asset.Entry entry = Asset.Entry.of(n, created, size);
        Map<String, Asset.Run> runs = new TreeMap<>(t.runs());
        Asset.Run before = runs.get(n.runId());
        Asset.Run after = Asset.Run.with(before, entry);
        runs.put(n.runId(), after);
        Instant newest = created;
        for (Asset.Timeline x : a.renditions().values()) {
            for (Asset.Entry e : x.segments()) if (e.created().isAfter(newest)) newest = e.created();
        }
        Instant cutoff = newest.minus(a.archiveWindow());
        if (created.isBefore(cutoff)) {
            if (after.equals(before)) return a;
            renditions.put(n.rendition(), new Asset.Timeline(t.initByRun(), t.segments(), runs));
            return with(a, renditions);
        }
        List<Asset.Entry> segments = new ArrayList<>(t.segments());
        segments.add(entry);
        // A program started after the segment's init segment was written still needs it; it sits at a known path.
        Map<String, String> inits = new TreeMap<>(t.initByRun());
        inits.putIfAbsent(n.initId(), n.initPath());
        renditions.put(n.rendition(), new Asset.Timeline(inits, segments, runs));
        Map<String, Asset.Timeline> trimmed = new LinkedHashMap<>();
        for (Map.Entry<String, Asset.Timeline> r : renditions.entrySet()) {
            List<Asset.Entry> kept = new ArrayList<>();
            for (Asset.Entry e : r.getValue().segments()) if (!e.created().isBefore(cutoff)) kept.add(e);
            kept.sort(ORDER);
            trimmed.put(r.getKey(), new Asset.Timeline(r.getValue().initByRun(), kept, r.getValue().runs()));
        }
        return with(a, trimmed);
    }

    private static Asset with(Asset a, Map<String, Asset.Timeline> renditions) {
        return new Asset(a.name(), a.channel(), a.program(), a.archiveWindow(), a.state(), a.created(), a.sealed(),
                new HashMap<>(renditions));
    }
}
