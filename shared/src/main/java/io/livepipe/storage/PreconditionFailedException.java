package io.livepipe.storage;

/**
 * A conditional write or delete found the blob changed (If-Match) or present (If-None-Match),
 * or a lease it named no longer held ({@link LeaseLostException}).
 */
public class PreconditionFailedException extends StoreException {
    public PreconditionFailedException(String path) {
        super("precondition failed on " + path);
    }

    protected PreconditionFailedException(String message, boolean custom) {
        super(message);
    }
}
