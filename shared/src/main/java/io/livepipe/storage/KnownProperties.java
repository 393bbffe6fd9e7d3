package io.livepipe.storage;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob properties the file store has read from a blob file's header, remembered by the identity
 * of that file — its file key (device and inode), size and modification time — so that asking
 * again costs one stat, not an open, two reads and a JSON parse. Never stale: a blob is only ever
 * replaced by renaming a new file over it (a new inode while the old one still exists), and a
 * file is remembered only once its modification time is {@link #SETTLED_MILLIS} old, so a later
 * file that reuses a freed inode (with the same size) cannot carry the same time, even with the
 * kernel's coarse file timestamps. The wall clock is the kernel's here, not the platform's
 * {@link java.time.Clock}: it is what stamps the files. Bounded: past {@link #MAX_ENTRIES} it
 * starts over.
 */
final class KnownProperties {
    static final int MAX_ENTRIES = 16_384;
    static final long SETTLED_MILLIS = 1_000;

    private record Known(Object fileKey, long size, FileTime modified, BlobProperties properties) {
        boolean describes(BasicFileAttributes a) {
            return fileKey.equals(a.fileKey()) && size == a.size() && modified.equals(a.lastModifiedTime());
        }
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** What was read from the file {@code attributes} describe, if that very file was read before. */
    Optional<BlobProperties> find(String path, BasicFileAttributes attributes) {
        Known k = known.get(path);
        return k != null && k.describes(attributes) ? Optional.of(k.properties()) : Optional.empty();
    }

    /** Remembers {@code properties}, read from the file {@code attributes} (taken before the read) describe. */
    void remember(String path, BasicFileAttributes attributes, BlobProperties properties) {
        if (attributes.fileKey() == null) return; // a file system without file identities: read each time
        if (System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() < SETTLED_MILLIS) return;
        if (known.size() >= MAX_ENTRIES) known.clear();
        known.put(path, new Known(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), properties));
    }

    void forget(String path) { known.remove(path); }
}
