package io.livepipe.storage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A store whose writes are fenced by a lease held elsewhere: before every put or delete the
 * {@link Fence} confirms the lease is still this writer's (renewing it on the store), and once
 * it is not, every later write is refused too. Blob storage has no condition that spans two
 * blobs, so this is how a channel's segments (many blobs) are tied to its one lease blob: a
 * writer that lost the lease learns it before its next write, and the next holder could only
 * have taken it after the last confirmation plus the lease's whole duration (or a break).
 * Reads pass through.
 */
public final class FencedBlobStore implements BlobStore {
    /** Confirms the writer still holds its lease, or throws {@link LeaseLostException}. */
    @FunctionalInterface
    public interface Fence {
        void confirm();
    }

    private final BlobStore delegate;
    private final Fence fence;

    public FencedBlobStore(BlobStore delegate, Fence fence) {
        this.delegate = delegate;
        this.fence = fence;
    }

    @Override public String backend() { return delegate.backend(); }

    @Override
    public BlobProperties put(String path, byte[] data, PutOptions options) {
        fence.confirm();
        return delegate.put(path, data, options);
    }

    @Override public Optional<Blob> get(String path) { return delegate.get(path); }

    @Override public Optional<Blob> getRange(String path, long offset, long length) { return delegate.getRange(path, offset, length); }

    @Override public Optional<BlobProperties> properties(String path) { return delegate.properties(path); }

    @Override public List<BlobProperties> list(String prefix) { return delegate.list(prefix); }

    @Override public ListPage listPage(String prefix, String continuation, int maxResults) {
        return delegate.listPage(prefix, continuation, maxResults);
    }

    @Override public Optional<LocalFile> localFile(String path) { return delegate.localFile(path); }

    @Override
    public boolean delete(String path, Condition condition) {
        fence.confirm();
        return delegate.delete(path, condition);
    }

    @Override public String acquireLease(String path, Duration duration, String proposedId) {
        return delegate.acquireLease(path, duration, proposedId);
    }

    @Override public void renewLease(String path, String leaseId) { delegate.renewLease(path, leaseId); }

    @Override public void releaseLease(String path, String leaseId) { delegate.releaseLease(path, leaseId); }

    @Override public boolean breakLease(String path) { return delegate.breakLease(path); }
}
