package io.livepipe.storage;

/** A conditional write or delete found the blob changed (If-Match) or present (If-None-Match). */
public final class PreconditionFailedException extends StoreException {
    public PreconditionFailedException(String path) {
        super("precondition failed on " + path);
    }
}
