package io.livepipe.protection;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3394 AES Key Wrap under the key-encryption key (the JDK's {@code AESWrap}, with the
 * default IV A6A6A6A6A6A6A6A6 of §2.2.3.1, so an unwrap under the wrong key fails its integrity
 * check instead of giving a wrong key). {@link #toString()} never shows the key.
 */
public final class KeyWrap implements io.livepipe.channel.SecretSeal {
    private final SecretKeySpec kek;

    public KeyWrap(byte[] kek) {
        if (kek == null || (kek.length != 16 && kek.length != 24 && kek.length != 32)) {
            throw new IllegalArgumentException("a key-encryption key has 128, 192 or 256 bits");
        }
        this.kek = new SecretKeySpec(kek, "AES");
    }

    /** From the setting's base64; the contract asks for 256 bits. */
    public static KeyWrap fromBase64(String base64) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key is not base64");
        }
        if (k.length != 32) throw new IllegalArgumentException("the key-encryption key must be 256 bits (32 bytes, base64), not " + k.length * 8);
        return new KeyWrap(k);
    }

    /** Wraps a key of 16 bytes or more, a multiple of 8 (RFC 3394 §2.2.1): 8 bytes longer than the key. */
    public byte[] wrap(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, kek);
            return c.wrap(new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap failed", e);
        }
    }

    /** Unwraps; a wrong key-encryption key or altered bytes fail the integrity check (§2.2.3). */
    public byte[] unwrap(byte[] wrapped) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, kek);
            Key k = c.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            return k.getEncoded();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a wrapped key does not unwrap under the configured key-encryption key (integrity check failed)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key unwrap failed", e);
        }
    }

    /**
     * Wraps a secret of any length up to 4 KiB that is not itself an AES key, such as a passphrase
     * (RFC 5649 AES Key Wrap with Padding, the JDK's {@code AES/KWP/NoPadding}): base64 of 8 to 15
     * bytes more than the secret.
     */
    @Override
    public String seal(String secret) {
        byte[] plain = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (plain.length == 0 || plain.length > 4096) throw new IllegalArgumentException("a secret to wrap has 1 to 4096 bytes");
        try {
            Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, kek);
            return Base64.getEncoder().encodeToString(c.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap with padding failed", e);
        }
    }

    /** Unwraps {@link #seal}'s output; a wrong key-encryption key or altered bytes fail the integrity check. */
    @Override
    public String open(String wrapped) {
        try {
            Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek);
            return new String(c.doFinal(Base64.getDecoder().decode(wrapped)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | javax.crypto.BadPaddingException e) {
            throw new IllegalStateException("a wrapped secret does not unwrap under the configured key-encryption key (integrity check failed)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key unwrap with padding failed", e);
        }
    }

    @Override
    public String toString() { return "KeyWrap[AES-" + kek.getEncoded().length * 8 + "]"; }
}
