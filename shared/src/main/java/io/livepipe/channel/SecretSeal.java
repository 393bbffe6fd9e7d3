package io.livepipe.channel;

/**
 * Seals a channel's secrets for its document and opens them again: the SRT passphrase, which
 * libsrt needs in clear to derive its key, is kept only sealed (in a deployment, wrapped under
 * the key-encryption key, {@code protection.KeyWrap#seal}), never in plaintext at rest.
 */
public interface SecretSeal {
    String seal(String secret);

    String open(String sealed);

    /** A deployment without a key-encryption key: a passphrase can be neither kept nor read. */
    SecretSeal NONE = new SecretSeal() {
        @Override
        public String seal(String secret) {
            throw new IllegalStateException("LIVEPIPE_KEY_ENCRYPTION_KEY is not set: SRT passphrases are kept wrapped under it");
        }

        @Override
        public String open(String sealed) {
            throw new IllegalStateException("LIVEPIPE_KEY_ENCRYPTION_KEY is not set: SRT passphrases are kept wrapped under it");
        }
    };
}
