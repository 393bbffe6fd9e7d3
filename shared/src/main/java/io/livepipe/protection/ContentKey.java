package io.livepipe.protection;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;

/**
 * A content key: its 16-byte key id (KID, ISO/IEC 23001-7 §8.1), shown as a UUID in lowercase
 * 8-4-4-4-12 form, and the 16-byte AES-128 key. {@link #toString()} never shows the key; equality
 * compares the key in constant time.
 */
public record ContentKey(UUID keyId, byte[] key) {
    public static final int KEY_BYTES = 16;

    public ContentKey {
        Objects.requireNonNull(keyId, "keyId");
        if (key == null || key.length != KEY_BYTES) throw new IllegalArgumentException("a content key has " + KEY_BYTES + " bytes");
        key = key.clone();
    }

    /** A new key id and key from {@code random}. */
    public static ContentKey generate(SecureRandom random) {
        byte[] kid = new byte[16];
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(kid);
        random.nextBytes(key);
        return new ContentKey(uuidOf(kid), key);
    }

    /** A copy of the key bytes: the caller owns it. */
    @Override
    public byte[] key() { return key.clone(); }

    /** The key id's 16 bytes, big-endian as the UUID's text reads (the KID of tenc and pssh boxes). */
    public byte[] keyIdBytes() {
        return ByteBuffer.allocate(16).putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits()).array();
    }

    /** The key id as a lowercase UUID string, as in the content key identifier claim and CPIX. */
    public String keyIdText() { return keyId.toString(); }

    public static UUID uuidOf(byte[] kid16) {
        if (kid16 == null || kid16.length != 16) throw new IllegalArgumentException("a key id has 16 bytes");
        ByteBuffer b = ByteBuffer.wrap(kid16);
        return new UUID(b.getLong(), b.getLong());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey k && keyId.equals(k.keyId) && MessageDigest.isEqual(key, k.key);
    }

    @Override
    public int hashCode() { return keyId.hashCode(); }

    @Override
    public String toString() { return "ContentKey[keyId=" + keyId + "]"; }
}
