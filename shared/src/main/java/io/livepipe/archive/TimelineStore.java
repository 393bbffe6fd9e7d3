package io.livepipe.archive;

import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.Condition;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an asset's timelines are kept: append-only chunks ({@link TimelineChunk}) beside the
 * asset's small header document, under
 * {@link StorageLayout#chunk} in the state store
 * ({@code generation}: the asset's creation instant in milliseconds, so that an asset recorded
 * again under a deleted one's name never sees the old chunks). A stamp reads and writes one
 * chunk, conditionally (If-Match, or If-None-Match for a new one), so its cost does not grow with
 * the window. Reading an asset lists its chunks (one listing), parses only those whose ETag
 * changed since they were last read (a chunk whose block is complete never changes again), and
 * assembles them ({@link TimelineAssembly}); an asset whose header and chunks are all unchanged
 * is not assembled again. Both caches are bounded and never stale.
 */
final class TimelineStore {
    static final String PREFIX = StorageLayout.TIMELINES;
    /** Parsed chunks kept; past it the cache starts over. */
    static final int CHUNK_CACHE = 16_384;
    /** Assembled assets kept. */
    static final int ASSET_CACHE = 32;

    private final JsonDocuments docs;
    private final Map<String, Parsed> chunks = new ConcurrentHashMap<>();
    private final Map<String, Assembled> assets = new ConcurrentHashMap<>();

    private record Parsed(String etag, TimelineAssembly.Part part) { }

    private record Assembled(String version, Asset asset) { }

    TimelineStore(JsonDocuments docs) { this.docs = docs; }

    static String folder(Asset header) {
        return StorageLayout.timelines(header.name(), header.created());
    }

    static String chunkPath(Asset header, SegmentName n) {
        return StorageLayout.chunk(folder(header), n.rendition(), n.runId(), TimelineChunk.index(n.sequence()));
    }

    /** Puts the segment into its chunk; true if it was not there yet. Idempotent. */
    boolean stamp(Asset header, SegmentName n, Instant created, long size) {
        Asset.Entry entry = Asset.Entry.of(n, created, size);
        boolean[] added = {false};
        docs.update(chunkPath(header, n), TimelineChunk.class, cur -> {
            TimelineChunk before = cur.orElse(TimelineChunk.EMPTY);
            TimelineChunk after = before.with(entry);
            added[0] = after != before;
            return after;
        });
        return added[0];
    }

    /** The asset {@code header} describes, its timelines assembled from its chunks as they are now. */
    Asset read(Versioned<Asset> header) { return readVersioned(header).value(); }

    /**
     * As {@link #read}, with the asset's version: its header's ETag and the path and ETag of each
     * of its chunks, so any stamp, seal or new chunk makes another version.
     */
    Versioned<Asset> readVersioned(Versioned<Asset> header) {
        Asset h = header.value();
        List<BlobProperties> listed = docs.store().list(folder(h));
        StringBuilder version = new StringBuilder(header.etag());
        for (BlobProperties p : listed) version.append('|').append(p.path()).append('=').append(p.etag());
        String v = version.toString();
        Assembled known = assets.get(h.name());
        if (known != null && known.version().equals(v)) return new Versioned<>(known.asset(), v);
        List<TimelineAssembly.Part> parts = new ArrayList<>(listed.size());
        for (BlobProperties p : listed) part(h, p).ifPresent(parts::add);
        Asset out = TimelineAssembly.assemble(h, parts);
        if (assets.size() >= ASSET_CACHE) assets.clear();
        assets.put(h.name(), new Assembled(v, out));
        return new Versioned<>(out, v);
    }

    private Optional<TimelineAssembly.Part> part(Asset header, BlobProperties listed) {
        Parsed known = chunks.get(listed.path());
        if (known != null && known.etag().equals(listed.etag())) return Optional.of(known.part());
        StorageLayout.ChunkPath at = StorageLayout.chunkOf(folder(header), listed.path());
        if (at == null) return Optional.empty();
        Optional<Versioned<TimelineChunk>> read = docs.read(listed.path(), TimelineChunk.class);
        if (read.isEmpty()) return Optional.empty(); // deleted since listed
        TimelineAssembly.Part part = TimelineAssembly.Part.of(at.rendition(), at.runId(), at.index(), read.get().value());
        if (chunks.size() >= CHUNK_CACHE) chunks.clear();
        chunks.put(listed.path(), new Parsed(read.get().etag(), part));
        return Optional.of(part);
    }

    /** Deletes the chunks of that asset generation (after its header is gone); idempotent. */
    void delete(Asset header) {
        for (BlobProperties p : docs.store().list(folder(header))) {
            try {
                docs.store().delete(p.path(), Condition.none());
            } catch (PreconditionFailedException gone) {
                // deleted meanwhile
            }
            chunks.remove(p.path());
        }
        assets.remove(header.name());
    }
}
