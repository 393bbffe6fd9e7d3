package io.livepipe.storage;

/** A ranged read started at or past the end of the blob. */
public final class RangeNotSatisfiableException extends StoreException {
    public RangeNotSatisfiableException(String path, long offset, long size) {
        super("range from " + offset + " not satisfiable on " + path + " of " + size + " bytes");
    }
}
