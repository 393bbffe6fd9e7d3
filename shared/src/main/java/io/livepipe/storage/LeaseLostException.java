package io.livepipe.storage;

/**
 * A lease the caller named is not (or no longer) the blob's active lease — it expired and was
 * taken, was broken, or was never held — or a write named no lease on a leased blob: Blob
 * storage's 412 (or 409 on a lease operation) with a {@code Lease...} error code. The write was
 * refused; the caller is not the blob's owner and must stop acting as one. It is not a
 * {@link PreconditionFailedException}, so that no retry-on-conflict loop mistakes it for a
 * name another writer took.
 */
public final class LeaseLostException extends StoreException {
    public LeaseLostException(String path) {
        super("lease lost on " + path);
    }
}
