package io.livepipe.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One stored piece of an asset's timeline: the segments of one rendition of one run whose
 * sequence numbers fall in one block of {@link #SEGMENTS} ({@code sequence / SEGMENTS} is the
 * chunk's index). ArchiveStamp reads and writes only the chunk its segment falls in, so a stamp
 * costs the same whatever the archive window; a chunk whose block is complete never changes
 * again. Entries are kept in sequence order, each path once: adding one twice changes nothing.
 */
public record TimelineChunk(List<Asset.Entry> entries) {
    /** Segments per chunk: 8.5 minutes of 2-second segments. */
    public static final int SEGMENTS = 256;
    static final TimelineChunk EMPTY = new TimelineChunk(List.of());
    private static final Comparator<Asset.Entry> ORDER =
            Comparator.comparingLong(Asset.Entry::sequence).thenComparing(Asset.Entry::path);

    public TimelineChunk {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** A chunk of these entries, put in order (each path once). */
    static TimelineChunk of(List<Asset.Entry> entries) {
        java.util.Map<String, Asset.Entry> once = new java.util.LinkedHashMap<>();
        for (Asset.Entry e : entries) once.putIfAbsent(e.path(), e);
        List<Asset.Entry> out = new ArrayList<>(once.values());
        out.sort(ORDER);
        return new TimelineChunk(out);
    }

    /** The chunk a segment of that sequence number falls in. */
    public static long index(long sequence) { return Math.floorDiv(sequence, SEGMENTS); }

    /** This chunk with the entry added; itself when its path is here already. */
    TimelineChunk with(Asset.Entry e) {
        for (Asset.Entry x : entries) if (x.path().equals(e.path())) return this;
        List<Asset.Entry> out = new ArrayList<>(entries.size() + 1);
        out.addAll(entries);
        out.add(e);
        out.sort(ORDER);
        return new TimelineChunk(out);
    }
}
