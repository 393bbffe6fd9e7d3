package io.livepipe.storage;

/** An acquire found another holder's active lease on the blob (Blob storage's 409 LeaseAlreadyPresent). */
public final class LeaseHeldException extends StoreException {
    public LeaseHeldException(String path) {
        super("lease already held on " + path);
    }
}
