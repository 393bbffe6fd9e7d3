package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.crypto.HlsIv;
import io.livepipe.media.TrackType;
import io.livepipe.media.cenc.CmafEncryption;
import io.livepipe.media.cenc.ClearTrackHeader;
import io.livepipe.media.dash.DashWriter;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.mp4.Fragment;
import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The streaming endpoint's protection, for the encoder's low-latency origin: the same keys per
 * asset, key URIs (with a viewer's {@code ?token=} carried on) and IVs as {@link StreamingService}
 * gives the locator's HLS. The AES-128 envelope (RFC 8216bis §4.4.4.4: a key tag applies
 * to the Partial Segments that follow it; each part is its own resource, encrypted whole under its
 * Parent Segment's IV, as hls.js decrypts it: with the parent fragment's decrypt data), and common
 * encryption ({@link Samples}: ISO/IEC 23001-7 cbcs or cenc, the streaming endpoint's sample
 * encryption applied to each part as a CMAF chunk of its own, ISO/IEC 23000-19 §7.3.3).
 */
public final class LowLatencyProtection {
    /** Past this many parts or headers remembered, {@link #counts} and {@link #tracks} start over. */
    static final int MAX_REMEMBERED = 4096;
    private final OnTheFlyEncryption encryption;
    private final StreamingKeys keys;
    /**
     * Sample counts of clear parts and the parsed clear headers, by the very array (held weakly:
     * an entry goes when the ring lets its part or init go), so a segment's earlier parts are
     * parsed once, not again on each later part's request.
     */
    private final Map<byte[], Integer> counts = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<byte[], ClearTrackHeader> tracks = Collections.synchronizedMap(new WeakHashMap<>());

    public LowLatencyProtection(StreamingKeys keys, String baseUrl) {
        this.keys = keys;
        this.encryption = new OnTheFlyEncryption(keys, baseUrl);
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

    /**
     * One track type's common encryption (cbcs or cenc) for a locator's asset: the protected init,
     * parts encrypted one by one (each a moof+mdat with its senc/saiz/saio) under the IVs their
     * samples have in the whole segment, the EXT-X-KEY lines of the locator's standard HLS, and the
     * DASH ContentProtection descriptors of its standard MPD. The key is never printed.
     */
    public final class Samples {
        private final Locator locator;
        private final Asset asset;
        private final String token;
        private final TrackType type;
        /** What manifests signal (PlayReady header, pssh boxes, license URLs): made only for {@link #keyLines} and {@link #contentProtection}, never for a part. */
        private Encryption signalling;

        Samples(Locator locator, Asset asset, String token, TrackType type) {
            this.locator = locator;
            this.asset = asset;
            this.token = token;
            this.type = type;
        }

        private Encryption signalling() {
            if (signalling == null) signalling = encryption.signalling(locator, asset, token);
            return signalling;
        }

        /** The attribute lists of the EXT-X-KEY lines, as the standard HLS playlist of the locator writes them. */
        public List<String> keyLines() { return HlsWriter.keyLines(signalling(), signalling().key(type), null); }

        /** The ContentProtection elements of an AdaptationSet, as the standard MPD of the locator writes them. */
        public String contentProtection() {
            StringBuilder sb = new StringBuilder();
            DashWriter.contentProtection(sb, signalling(), signalling().key(type));
            return sb.toString();
        }

        /** The protected init segment (sinf with tenc, pssh boxes); {@code cacheKey} names this clear init uniquely. */
        public byte[] init(String cacheKey, byte[] clearInit) { return encryption.init(locator, asset, cacheKey, clearInit); }

        /**
         * Part {@code index} of a segment of {@code rendition} in run {@code run} that starts at
         * {@code decodeTime}, encrypted as its samples are in the whole segment; {@code parts}: the
         * segment's clear parts so far (at least {@code index + 1}).
         */
        public byte[] part(byte[] clearInit, String rendition, String run, long decodeTime, List<byte[]> parts, int index) {
            int first = 0;
            for (int i = 0; i < index; i++) first += remembered(counts, parts.get(i), LowLatencyProtection::sampleCount);
            return chunk(track(clearInit), rendition, run, decodeTime, parts.get(index), first);
        }

        /** One clear part (a moof+mdat) encrypted as its samples are in the whole segment; {@code firstSample}: how many samples come before it there. */
        public byte[] chunk(byte[] clearInit, String rendition, String run, long decodeTime, byte[] clear, int firstSample) {
            return chunk(track(clearInit), rendition, run, decodeTime, clear, firstSample);
        }

        /** Encrypted parts one after another, each as {@link #part} gives it: what a player of the whole segment gets. */
        public byte[] segment(byte[] clearInit, String rendition, String run, long decodeTime, List<byte[]> parts) {
            ClearTrackHeader track = track(clearInit);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int first = 0;
            for (byte[] p : parts) {
                out.writeBytes(chunk(track, rendition, run, decodeTime, p, first));
                first += remembered(counts, p, LowLatencyProtection::sampleCount);
            }
            return out.toByteArray();
        }

        private byte[] chunk(ClearTrackHeader track, String rendition, String run, long decodeTime, byte[] clear, int firstSample) {
            StreamingKeys.Key k = keys.key(asset, type);
            io.livepipe.media.cenc.Scheme scheme = locator.scheme() == Protection.Scheme.CBCS
                    ? io.livepipe.media.cenc.Scheme.CBCS : io.livepipe.media.cenc.Scheme.CENC;
            return CmafEncryption.encryptChunk(track, clear, scheme, k.value(), OnTheFlyEncryption.bytes(k.id()),
                    OnTheFlyEncryption.segmentIdentity(rendition, run, decodeTime), firstSample);
        }

        @Override
        public String toString() { return "Samples[" + locator.scheme() + " " + type + "]"; }
    }

    private ClearTrackHeader track(byte[] clearInit) { return remembered(tracks, clearInit, ClearTrackHeader::of); }

    /** What {@code make} gives for {@code array}, made once while the array lives (and fewer than {@link #MAX_REMEMBERED} are kept). */
    private static <T> T remembered(Map<byte[], T> by, byte[] array, Function<byte[], T> make) {
        T known = by.get(array);
        if (known != null) return known;
        T made = make.apply(array);
        if (by.size() >= MAX_REMEMBERED) by.clear();
        by.put(array, made);
        return made;
    }

    int rememberedParts() { return counts.size(); }

    /** How many samples a clear CMAF chunk (moof+mdat) holds. */
    public static int sampleCount(byte[] clearChunk) { return Fragment.parse(clearChunk).samples().size(); }

    /** The common encryption of {@code l} (a CENC or CBCS locator of {@code a}) for tracks of type {@code t}; {@code token} goes on license URLs. */
    public Samples samples(Locator l, Asset a, TrackType t, String token) {
        if (l.scheme() != Protection.Scheme.CBCS && l.scheme() != Protection.Scheme.CENC) throw new IllegalArgumentException("not a cenc/cbcs locator");
        return new Samples(l, a, token, t);
    }

    /** The envelope of {@code l} (an ENVELOPE locator of {@code a}) for tracks of type {@code t}; {@code token} (shape-checked) goes on the key URI. */
    public Envelope envelope(Locator l, Asset a, TrackType t, String token) {
        if (l.scheme() != Protection.Scheme.ENVELOPE) throw new IllegalArgumentException("not an envelope locator");
        io.livepipe.media.manifest.Encryption p = encryption.signalling(l, a, token);
        return new Envelope(p.key(t).hlsKeyUri(), keys.key(a, t).value());
    }
}
