package io.livepipe.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Factories for the AES-128 modes, and the one-block primitive the IV derivation uses. */
public final class Aes {
    public static final int BLOCK = 16;

    private Aes() { }

    /** AES-128-CTR, the {@code cenc} scheme: the IV is the initial 128-bit counter block. */
    public static Encryptor ctr(byte[] key16) { return new Ctr(key(key16)); }

    /**
     * AES-128-CBC without padding in a crypt:skip pattern of 16-byte blocks ({@code cbcs}:
     * 1:9 for video; 0:0 means every whole block). A trailing partial block stays clear.
     */
    public static Encryptor cbcPattern(byte[] key16, int cryptBlocks, int skipBlocks) {
        return new CbcPattern(key(key16), cryptBlocks, skipBlocks);
    }

    /** AES-128-CBC with PKCS#7 padding over one whole message: HLS {@code METHOD=AES-128}. */
    public static Encryptor cbcPkcs7(byte[] key16) { return new CbcPkcs7(key(key16)); }

    /** AES-128 of one block (ECB of 16 bytes): for deriving IVs, never for content. */
    public static byte[] encryptBlock(byte[] key16, byte[] block16) {
        if (block16.length != BLOCK) throw new CryptoException("block must be 16 bytes");
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(key16));
            return c.doFinal(block16);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES/ECB unavailable", e);
        }
    }

    static SecretKeySpec key(byte[] key16) {
        if (key16 == null || key16.length != 16) throw new CryptoException("AES-128 key must be 16 bytes");
        return new SecretKeySpec(key16, "AES");
    }

    static byte[] iv(byte[] iv16) {
        if (iv16 == null || iv16.length != BLOCK) throw new CryptoException("IV must be 16 bytes");
        return iv16;
    }

    static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(transformation + " unavailable", e);
        }
    }

    static void init(Cipher c, SecretKeySpec key, byte[] iv) {
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot initialise " + c.getAlgorithm(), e);
        }
    }

    static int update(Cipher c, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            return c.update(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("output too small for " + len + " bytes", e);
        }
    }

    private static final class Ctr implements Encryptor {
        private final Cipher cipher = cipher("AES/CTR/NoPadding");
        private final SecretKeySpec key;

        Ctr(SecretKeySpec key) { this.key = key; }

        @Override
        public void reset(byte[] iv16) { init(cipher, key, iv(iv16)); }

        @Override
        public int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
            // The JDK's CTR keeps the unused key stream of a partial block across update calls,
            // so ranges of any length continue one stream, as ISO/IEC 23001-7 section 9.5 wants.
            return update(cipher, in, inOff, len, out, outOff);
        }
    }

    private static final class CbcPattern implements Encryptor {
        private final Cipher cipher = cipher("AES/CBC/NoPadding");
        private final SecretKeySpec key;
        private final int crypt;
        private final int skip;
        private byte[] iv;

        CbcPattern(SecretKeySpec key, int crypt, int skip) {
            if (crypt < 0 || skip < 0 || crypt > 15 || skip > 15 || (crypt == 0 && skip != 0)) {
                throw new CryptoException("pattern " + crypt + ":" + skip + " is not a cbcs pattern");
            }
            this.key = key;
            this.crypt = crypt;
            this.skip = skip;
        }

        @Override
        public void reset(byte[] iv16) { this.iv = iv(iv16).clone(); }

        @Override
        public int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
            if (iv == null) throw new CryptoException("reset before encrypt");
            init(cipher, key, iv);
            int blocks = len / BLOCK;
            if (crypt == 0) {
                // No pattern (audio in cbcs): every whole block, one chain.
                int n = blocks * BLOCK;
                if (n > 0) update(cipher, in, inOff, n, out, outOff);
                System.arraycopy(in, inOff + n, out, outOff + n, len - n);
                return len;
            }
            int pos = 0;
            int period = (crypt + skip) * BLOCK;
            while (len - pos >= crypt * BLOCK) {
                // The chain runs through the encrypted blocks only; skipped blocks do not enter it
                // (ISO/IEC 23001-7 section 9.6.2), so one Cipher carries it across skips.
                update(cipher, in, inOff + pos, crypt * BLOCK, out, outOff + pos);
                int clear = Math.min(skip * BLOCK, len - pos - crypt * BLOCK);
                System.arraycopy(in, inOff + pos + crypt * BLOCK, out, outOff + pos + crypt * BLOCK, clear);
                pos += Math.min(period, len - pos);
            }
            System.arraycopy(in, inOff + pos, out, outOff + pos, len - pos);
            return len;
        }
    }

    private static final class CbcPkcs7 implements Encryptor {
        private final Cipher cipher = cipher("AES/CBC/NoPadding");
        private final SecretKeySpec key;
        private final byte[] last = new byte[BLOCK];
        private boolean ready;

        CbcPkcs7(SecretKeySpec key) { this.key = key; }

        @Override
        public void reset(byte[] iv16) {
            init(cipher, key, iv(iv16));
            ready = true;
        }

        @Override
        public int outputSize(int len) { return (len / BLOCK + 1) * BLOCK; }

        @Override
        public int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
            if (!ready) throw new CryptoException("reset before encrypt");
            ready = false;
            // PKCS#7 (RFC 5652 section 6.3) by hand over NoPadding, so the whole bytes go through
            // one update without the padding cipher's internal buffering copy.
            int whole = len / BLOCK * BLOCK;
            if (whole > 0) update(cipher, in, inOff, whole, out, outOff);
            int rest = len - whole;
            System.arraycopy(in, inOff + whole, last, 0, rest);
            java.util.Arrays.fill(last, rest, BLOCK, (byte) (BLOCK - rest));
            update(cipher, last, 0, BLOCK, out, outOff + whole);
            return whole + BLOCK;
        }
    }
}
