package io.livepipe.storage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed JSON documents kept while their ETag is unchanged: a read costs the store's properties
 * call (a file header, a HEAD request) and pays for fetching and parsing only when the document
 * changed since. Always current — never a stale value — and bounded: past {@code maxEntries} it
 * starts over.
 */
public final class DocumentCache<T> {
    private final JsonDocuments docs;
    private final Class<T> type;
    private final int maxEntries;
    private final Map<String, Versioned<T>> parsed = new ConcurrentHashMap<>();

    public DocumentCache(JsonDocuments docs, Class<T> type, int maxEntries) {
        this.docs = docs;
        this.type = type;
        this.maxEntries = maxEntries;
    }

    public Optional<T> read(String path) {
        return readVersioned(path).map(Versioned::value);
    }

    /** As {@link #read}, with the ETag the value was read at. */
    public Optional<Versioned<T>> readVersioned(String path) {
        Optional<BlobProperties> now = docs.store().properties(path);
        if (now.isEmpty()) {
            parsed.remove(path);
            return Optional.empty();
        }
        Versioned<T> known = parsed.get(path);
        if (known != null && known.etag().equals(now.get().etag())) return Optional.of(known);
        Optional<Versioned<T>> fresh = docs.read(path, type);
        fresh.ifPresentOrElse(v -> {
            if (parsed.size() >= maxEntries) parsed.clear();
            parsed.put(path, v);
        }, () -> parsed.remove(path));
        return fresh;
    }
}
