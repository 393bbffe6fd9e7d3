package io.livepipe.storage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The storage port: one container of blobs addressed by slash-separated paths.
 *
 * <p>Every write can be conditional on the blob's ETag, so that two writers of one shared
 * document never lose each other's update: read, change, write with {@link Condition#ifMatch},
 * and on {@link PreconditionFailedException} read again and retry.
 */
public interface BlobStore {

    /** A short name of the backend in use, e.g. {@code file} or {@code azure-blob}. */
    String backend();

    /** Writes the whole blob if {@code options.condition()} holds; returns its new properties. */
    BlobProperties put(String path, byte[] data, PutOptions options);

    /**
     * The whole blob, or empty if there is none. Its data is a fresh array, the caller's alone
     * (never kept or handed out again by the store): the streaming endpoint encrypts segments
     * within it.
     */
    Optional<Blob> get(String path);

    /**
     * {@code length} bytes from {@code offset} (fewer at the end of the blob), or empty if
     * there is no blob. An offset at or past the end gives {@link RangeNotSatisfiableException}.
     */
    Optional<Blob> getRange(String path, long offset, long length);

    /** The blob's properties without its bytes, or empty if there is none. */
    Optional<BlobProperties> properties(String path);

    /** Every blob whose path starts with {@code prefix}, in lexicographic order of path. */
    List<BlobProperties> list(String prefix);

    /**
     * At most {@code maxResults} blobs whose path starts with {@code prefix}, in path order, from
     * where {@code continuation} (null: the start; else what the page before returned) left off.
     * This default pages over {@link #list}, its continuation the last path given; a backend
     * with its own continuation tokens (Blob storage) overrides it.
     */
    default ListPage listPage(String prefix, String continuation, int maxResults) {
        if (maxResults < 1) throw new IllegalArgumentException("maxResults must be at least 1");
        List<BlobProperties> page = new java.util.ArrayList<>(Math.min(maxResults, 1024));
        boolean more = false;
        for (BlobProperties b : list(prefix)) {
            if (continuation != null && b.path().compareTo(continuation) <= 0) continue;
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(b);
        }
        return new ListPage(page, more ? page.get(page.size() - 1).path() : null);
    }

    /**
     * The whole blob as a slice of a local file, for zero-copy serving, where the backend keeps
     * blobs in local files; empty otherwise (or if there is no blob): read it with {@link #get}.
     */
    default Optional<LocalFile> localFile(String path) { return Optional.empty(); }

    /** Deletes the blob if {@code condition} holds; false if there was none. */
    boolean delete(String path, Condition condition);

    /**
     * Takes a lease of {@code duration} (15 to 60 s, {@link Leases}) on the blob, creating an
     * empty blob first if there is none, and returns its id (the proposed one). While the lease
     * is active only writes naming it ({@link Condition#leased}) succeed; it ends when released,
     * broken, or not renewed within its duration. Taking it again with the id already held
     * renews it. Another holder's active lease gives {@link LeaseHeldException}.
     */
    default String acquireLease(String path, Duration duration, String proposedId) {
        throw new UnsupportedOperationException(backend() + " has no leases");
    }

    /**
     * Starts the lease's duration over. {@link LeaseLostException} if it is not this blob's
     * lease any more (another took it after it expired, or it was broken); a lease that expired
     * but that no one took is renewed, as Blob storage does.
     */
    default void renewLease(String path, String leaseId) {
        throw new UnsupportedOperationException(backend() + " has no leases");
    }

    /** Ends the lease now, so another may take it at once; {@link LeaseLostException} if it was not held. */
    default void releaseLease(String path, String leaseId) {
        throw new UnsupportedOperationException(backend() + " has no leases");
    }

    /** Ends whoever's lease is on the blob now, without its id (an operator's or a test's act); false if there was none. */
    default boolean breakLease(String path) {
        throw new UnsupportedOperationException(backend() + " has no leases");
    }
}
