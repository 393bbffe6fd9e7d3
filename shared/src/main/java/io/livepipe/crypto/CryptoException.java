package io.livepipe.crypto;

/** A key or IV of the wrong size, or a JDK cipher that is missing: a programming or platform fault. */
public final class CryptoException extends RuntimeException {
    public CryptoException(String message) { super(message); }

    public CryptoException(String message, Throwable cause) { super(message, cause); }
}
