package io.livepipe.crypto;

/**
 * HLS AES-128 envelope encryption (RFC 8216 section 4.3.2.4): the whole segment, AES-128-CBC
 * with PKCS#7 padding, at a given IV (see {@link HlsIv}).
 */
public final class Envelope {
    private Envelope() { }

    public static byte[] encrypt(byte[] clearSegment, byte[] key16, byte[] iv16) {
        Encryptor e = Aes.cbcPkcs7(key16);
        e.reset(iv16);
        byte[] out = new byte[e.outputSize(clearSegment.length)];
        e.encrypt(clearSegment, 0, clearSegment.length, out, 0);
        return out;
    }
}
