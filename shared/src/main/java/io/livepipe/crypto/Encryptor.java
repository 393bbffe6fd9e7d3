package io.livepipe.crypto;

/**
 * One AES mode with its key fixed: {@link #reset} starts a unit at an IV, then each
 * {@link #encrypt} call encrypts the next protected range of that unit from {@code in} into
 * {@code out} (the two may not overlap). What a range is depends on the mode: for CTR, ranges
 * continue one key stream (the protected parts of one sample's subsamples, ISO/IEC 23001-7
 * section 9.5); for pattern CBC, each range is one subsample and restarts the chain at the IV
 * (section 10.4.2); for CBC-PKCS#7, the range is the whole message. Not thread-safe: one per
 * call site (they are cheap).
 */
public interface Encryptor {
    /** Starts a unit (sample or message) at this 16-byte IV. */
    void reset(byte[] iv16);

    /** Encrypts {@code len} bytes; returns the bytes written to {@code out}. */
    int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff);

    /** Bytes {@link #encrypt} writes for {@code len} bytes of input. */
    default int outputSize(int len) { return len; }
}
