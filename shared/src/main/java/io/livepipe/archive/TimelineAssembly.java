package io.livepipe.archive;

import io.livepipe.storage.BlobProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An asset's timelines put together from its stored chunks, as a pure function of the asset's
 * header document and the set of chunks: the same set gives the same asset, whatever order its
 * segments were stamped in. The window is applied here, on reading: the segments created no
 * more than the archive window before the newest one are listed. What was ever stamped of each
 * run ({@link Asset.Run}) is summed from per-chunk summaries, so chunks that left the window
 * cost one summary each, never a pass over their segments. A header written before chunks
 * existed (its {@code renditions} hold the whole timeline) is read as one more source: its
 * segments and runs come first, and the chunks stamped since add to them.
 */
public final class TimelineAssembly {
    private static final Comparator<Asset.Entry> ORDER =
            Comparator.comparing(Asset.Entry::created).thenComparing(Asset.Entry::path);

    private TimelineAssembly() { }

    /**
     * A chunk as assembly needs it: where it belongs, its segments, and what they say of their
     * run ({@link Asset.Run} whose {@code start} is the stretch of the segments before the chunk's
     * first reconnect, to be joined to whatever stretch the chunks before it end in).
     */
    public record Part(String rendition, String runId, long index, List<Asset.Entry> entries, Asset.Run run,
                       Instant newest, Set<Integer> initVersions) {
        public static Part of(String rendition, String runId, long index, TimelineChunk chunk) {
            Asset.Run run = null;
            Instant newest = null;
            Set<Integer> versions = new HashSet<>();
            for (Asset.Entry e : chunk.entries()) {
                run = Asset.Run.with(run, e);
                if (newest == null || e.created().isAfter(newest)) newest = e.created();
                versions.add(e.initVersion());
            }
            return new Part(rendition, runId, index, chunk.entries(), run, newest, Set.copyOf(versions));
        }
    }

    /**
     * The asset {@code header} describes, with the timelines of every segment in a listing of the
     * media store (other blobs are left out), as if each had been stamped when the store created it.
     */
    public static Asset ofListing(Asset header, List<BlobProperties> listing) {
        Map<String, List<Asset.Entry>> chunks = new HashMap<>();
        Map<String, SegmentName> firsts = new HashMap<>();
        for (BlobProperties b : listing) {
            SegmentName n = SegmentName.parse(b.path()).orElse(null);
            if (n == null || n.init()) continue;
            String key = n.rendition() + "/" + n.runId() + "/" + TimelineChunk.index(n.sequence());
            chunks.computeIfAbsent(key, k -> new ArrayList<>()).add(Asset.Entry.of(n, b.lastModified(), b.size()));
            firsts.putIfAbsent(key, n);
        }
        List<Part> parts = new ArrayList<>(chunks.size());
        chunks.forEach((key, entries) -> {
            SegmentName n = firsts.get(key);
            parts.add(Part.of(n.rendition(), n.runId(), TimelineChunk.index(n.sequence()), TimelineChunk.of(entries)));
        });
        return assemble(header, parts);
    }

    /** The asset {@code header} describes, with its timelines made of {@code parts} (and of its own, if it holds any). */
    public static Asset assemble(Asset header, Collection<Part> parts) {
        List<Part> stamped = parts.stream().filter(p -> p.run() != null)
                .sorted(Comparator.comparing(Part::rendition).thenComparing(Part::runId).thenComparingLong(Part::index)).toList();
        if (stamped.isEmpty()) return header;
        Instant newest = null;
        for (Asset.Timeline t : header.renditions().values()) {
            for (Asset.Entry e : t.segments()) if (newest == null || e.created().isAfter(newest)) newest = e.created();
        }
        for (Part p : stamped) if (newest == null || p.newest().isAfter(newest)) newest = p.newest();
        Instant cutoff = newest.minus(header.archiveWindow());

        Map<String, List<Part>> byRendition = new TreeMap<>();
        for (Part p : stamped) byRendition.computeIfAbsent(p.rendition(), k -> new ArrayList<>()).add(p);
        Map<String, Asset.Timeline> out = new HashMap<>();
        for (Map.Entry<String, Asset.Timeline> legacy : header.renditions().entrySet()) {
            if (!byRendition.containsKey(legacy.getKey())) out.put(legacy.getKey(), trimmed(legacy.getValue(), cutoff));
        }
        for (Map.Entry<String, List<Part>> r : byRendition.entrySet()) {
            Asset.Timeline legacy = header.renditions().getOrDefault(r.getKey(), new Asset.Timeline(Map.of(), List.of()));
            Map<String, Asset.Run> runs = new TreeMap<>(legacy.runs());
            Map<String, String> inits = new TreeMap<>(legacy.initByRun());
            // A path is in one chunk only (its rendition, run and sequence name the chunk): only a header's own segments can repeat one.
            Set<String> inHeader = new HashSet<>();
            List<Asset.Entry> segments = new ArrayList<>();
            for (Asset.Entry e : legacy.segments()) {
                if (!e.created().isBefore(cutoff) && inHeader.add(e.path())) segments.add(e);
            }
            for (Part p : r.getValue()) {
                runs.put(p.runId(), append(runs.get(p.runId()), p.run()));
                for (int v : p.initVersions()) {
                    inits.computeIfAbsent(SegmentName.initId(p.runId(), v), id -> initPath(p.entries(), v));
                }
                if (p.newest().isBefore(cutoff)) continue;
                for (Asset.Entry e : p.entries()) {
                    if (!e.created().isBefore(cutoff) && (inHeader.isEmpty() || !inHeader.contains(e.path()))) segments.add(e);
                }
            }
            // in chunk order, which is creation order within a run: the sort mostly merges runs
            segments.sort(ORDER);
            out.put(r.getKey(), new Asset.Timeline(inits, segments, runs));
        }
        return new Asset(header.name(), header.channel(), header.program(), header.archiveWindow(), header.state(),
                header.created(), header.sealed(), out);
    }

    private static Asset.Timeline trimmed(Asset.Timeline t, Instant cutoff) {
        List<Asset.Entry> kept = t.segments().stream().filter(e -> !e.created().isBefore(cutoff)).toList();
        return new Asset.Timeline(t.initByRun(), kept, t.runs());
    }

    private static String initPath(List<Asset.Entry> entries, int version) {
        for (Asset.Entry e : entries) {
            if (e.initVersion() == version) return SegmentName.parse(e.path()).map(SegmentName::initPath).orElse(e.path());
        }
        throw new IllegalStateException("no entry of init version " + version);
    }

    /**
     * {@code run} followed by the chunk summary {@code next}, whose sequence numbers all come
     * after the chunks already in {@code run}: first and last sequence and creation as set
     * functions, the chunk's reconnects added, and its leading stretch joined to the stretch that
     * {@code run} holds at the chunk's first sequence (the run's start, or its latest reconnect).
     */
    static Asset.Run append(Asset.Run run, Asset.Run next) {
        if (run == null) return next;
        Map<Long, Asset.Stretch> reconnects = new TreeMap<>(run.reconnects());
        Asset.Stretch start = run.start();
        if (next.start() != null) {
            Long at = run.reconnectAtOrBefore(next.firstSequence());
            if (at != null) reconnects.merge(at, next.start(), Asset.Stretch::merge);
            else start = start == null ? next.start() : start.merge(next.start());
        }
        next.reconnects().forEach((k, v) -> reconnects.merge(k, v, Asset.Stretch::merge));
        Instant created = next.created().isBefore(run.created()) ? next.created() : run.created();
        return new Asset.Run(created, Math.min(run.firstSequence(), next.firstSequence()),
                Math.max(run.lastSequence(), next.lastSequence()), start, reconnects);
    }
}
