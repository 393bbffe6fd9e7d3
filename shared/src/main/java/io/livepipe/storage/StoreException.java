package io.livepipe.storage;

/** A storage operation failed; the message says which and on what path. */
public class StoreException extends RuntimeException {
    public StoreException(String message) { super(message); }
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
