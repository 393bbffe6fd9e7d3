package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.crypto.HlsIv;
import io.livepipe.media.TrackType;
import java.util.regex.Pattern;

/**
 * The streaming endpoint's protection, for the encoder's low-latency origin: the same keys per
 * asset, key URIs (with a viewer's {@code ?token=} carried on) and IVs as {@link StreamingService}
 * gives the locator's HLS. Only the AES-128 envelope for now (RFC 8216bis §4.4.4.4: a key tag applies
 * to the Partial Segments that follow it; each part is its own resource, encrypted whole under its
 * Parent Segment's IV, as hls.js decrypts it: with the parent fragment's decrypt data).
 */
public final class LowLatencyProtection {
    private final ProtectionPackager packager;
    private final StreamingKeys keys;

    public LowLatencyProtection(StreamingKeys keys, String baseUrl) {
        this.keys = keys;
        this.packager = new ProtectionPackager(keys, baseUrl);
    }

    /** The shape a manifest's {@code token} must have to be carried on (as {@link StreamingService} checks it). */
    public static Pattern tokenShape() { return StreamingService.TOKEN; }

    /** One track type's envelope key for a locator's asset: its key URI and the key, never printed. */
    public static final class Envelope {
        private final String keyUri;
        private final byte[] key;

        Envelope(String keyUri, byte[] key) {
            this.keyUri = keyUri;
            this.key = key;
        }

        /** The EXT-X-KEY attribute list of a segment (and its parts) of {@code rendition}, run {@code run}, starting at {@code decodeTime}. */
        public String keyLine(String rendition, String run, long decodeTime) {
            return "METHOD=AES-128,URI=\"" + keyUri + "\",IV=" + HlsIv.attribute(HlsIv.ofSegment(rendition, run, decodeTime));
        }

        /** A resource (a whole segment, or one of its parts) encrypted whole under its segment's IV (AES-128-CBC, PKCS#7). */
        public byte[] encrypt(String rendition, String run, long decodeTime, byte[] clear) {
            return io.livepipe.crypto.Envelope.encrypt(clear, key, HlsIv.ofSegment(rendition, run, decodeTime));
        }

        @Override
        public String toString() { return "Envelope[" + keyUri.replaceAll("\\?.*", "") + "]"; }
    }

    /** The envelope of {@code l} (an ENVELOPE locator of {@code a}) for tracks of type {@code t}; {@code token} (shape-checked) goes on the key URI. */
    public Envelope envelope(Locator l, Asset a, TrackType t, String token) {
        if (l.scheme() != Protection.Scheme.ENVELOPE) throw new IllegalArgumentException("not an envelope locator");
        io.livepipe.media.manifest.Encryption p = packager.signalling(l, a, token);
        return new Envelope(p.key(t).hlsKeyUri(), keys.key(a, t).value());
    }
}
