package io.livepipe.streaming;

import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import java.util.Map;

/**
 * How a locator's presentation is protected, as the manifest writers need it: the scheme of its
 * streaming policy and, per track type, what to signal about the key (plain values, never the
 * key itself). {@code envelope} is HLS AES-128 over whole segments; {@code cenc} and {@code cbcs}
 * are ISO/IEC 23001-7 common encryption signalled for Widevine, PlayReady and ClearKey (and, for
 * {@code cbcs}, FairPlay).
 */
public record Protection(Scheme scheme, Map<TrackType, KeySignalling> keys) {
    public static final Protection CLEAR = new Protection(Scheme.CLEAR, Map.of());

    public enum Scheme {
        CLEAR("clear", null), ENVELOPE("envelope", "cbc"), CENC("cenc", "cenc"), CBCS("cbcs", "cbcs-aapl");

        private final String policy;
        private final String amsEncryption;

        Scheme(String policy, String amsEncryption) {
            this.policy = policy;
            this.amsEncryption = amsEncryption;
        }

        /** The streaming policy name a locator carries. */
        public String policy() { return policy; }

        /** Media Services' {@code encryption=} value for this scheme in a {@code manifest(...)} URL. */
        public String amsEncryption() { return amsEncryption; }

        public static Scheme ofPolicy(String policy) {
            for (Scheme s : values()) if (s.policy.equals(policy)) return s;
            throw Refusal.badRequest("streamingPolicy must be one of clear, envelope, cenc, cbcs");
        }
    }

    /**
     * What a manifest says about one key: its id (UUID), the HLS key URI (AES-128 key delivery,
     * or {@code skd://} for FairPlay), the base64 {@code pssh} boxes for Widevine and PlayReady,
     * the base64 PlayReady header object, and the license URLs players are pointed at.
     */
    public record KeySignalling(String keyId, String hlsKeyUri, String widevinePssh, String playReadyPssh,
                                String playReadyObject, String clearKeyLicenseUrl, String widevineLicenseUrl,
                                String playReadyLicenseUrl) { }

    public Protection {
        keys = Map.copyOf(keys);
        if (scheme != Scheme.CLEAR && keys.isEmpty()) throw new IllegalArgumentException(scheme + " needs a key");
    }

    public boolean clear() { return scheme == Scheme.CLEAR; }

    /** The key signalled for a track type: its own where keys are per track type, else the one key. */
    public KeySignalling key(TrackType type) {
        KeySignalling k = keys.get(type);
        return k != null ? k : keys.values().iterator().next();
    }
}
