package io.livepipe.streaming;

import io.livepipe.http.Refusal;
import io.livepipe.media.manifest.Encryption;

/**
 * How a locator's presentation is protected: the scheme of its streaming policy. {@code envelope}
 * is HLS AES-128 over whole segments; {@code cenc} and {@code cbcs} are ISO/IEC 23001-7 common
 * encryption signalled for Widevine, PlayReady and ClearKey (and, for {@code cbcs}, FairPlay).
 * What its manifests say about its keys is an {@link Encryption} ({@link ProtectionPackager}).
 */
public final class Protection {
    private Protection() { }

    public enum Scheme {
        CLEAR("clear", null, Encryption.Method.CLEAR), ENVELOPE("envelope", "cbc", Encryption.Method.ENVELOPE),
        CENC("cenc", "cenc", Encryption.Method.CENC), CBCS("cbcs", "cbcs-aapl", Encryption.Method.CBCS);

        private final String policy;
        private final String amsEncryption;
        private final Encryption.Method method;

        Scheme(String policy, String amsEncryption, Encryption.Method method) {
            this.policy = policy;
            this.amsEncryption = amsEncryption;
            this.method = method;
        }

        /** The streaming policy name a locator carries. */
        public String policy() { return policy; }

        /** Media Services' {@code encryption=} value for this scheme in a {@code manifest(...)} URL. */
        public String amsEncryption() { return amsEncryption; }

        /** How manifests of this scheme say their media is encrypted. */
        public Encryption.Method method() { return method; }

        public static Scheme ofPolicy(String policy) {
            for (Scheme s : values()) if (s.policy.equals(policy)) return s;
            throw Refusal.badRequest("streamingPolicy must be one of clear, envelope, cenc, cbcs");
        }
    }
}
