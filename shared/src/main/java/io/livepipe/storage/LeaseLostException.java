package io.livepipe.storage;

/**
 * A lease the caller named is not (or no longer) the blob's active lease: it expired and was
 * taken, was broken, or was never held. A write under it was refused; the caller is no longer
 * the blob's owner and must stop acting as one.
 */
public final class LeaseLostException extends PreconditionFailedException {
    public LeaseLostException(String path) {
        super("lease lost on " + path, true);
    }
}
