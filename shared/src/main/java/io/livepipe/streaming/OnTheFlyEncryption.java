package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.crypto.Envelope;
import io.livepipe.crypto.HlsIv;
import io.livepipe.media.TrackType;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.manifest.KeySignalling;
import io.livepipe.media.cenc.CmafEncryption;
import io.livepipe.media.cenc.PlayReadyHeader;
import io.livepipe.media.cenc.ProtectedFragment;
import io.livepipe.media.cenc.ClearTrackHeader;
import io.livepipe.media.cenc.Pssh;
import io.livepipe.media.cenc.Scheme;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The encryption stage of the streaming endpoint: what a protected locator's manifests signal
 * ({@link Encryption}), and its init segments and segments encrypted on the fly from the clear
 * stored copy. Deterministic: the same request gives the same bytes for every viewer, so a CDN
 * may cache them. Keys come from {@link StreamingKeys} and never leave this stage but encrypted.
 */
final class OnTheFlyEncryption {
    /** Parsed clear headers by store path: immutable, so cached (bounded). */
    static final int TRACK_CACHE = 4096;

    private final StreamingKeys keys;
    private final String baseUrl;
    private final Map<String, ClearTrackHeader> tracks = new ConcurrentHashMap<>();

    OnTheFlyEncryption(StreamingKeys keys, String baseUrl) {
        this.keys = keys;
        this.baseUrl = baseUrl;
    }

    /** What the manifests of {@code l} say about its keys; {@link Encryption#CLEAR} for a clear locator. */
    Encryption signalling(Locator l, Asset a) { return signalling(l, a, null); }

    /**
     * As {@link #signalling(Locator, Asset)}, with {@code token} (already checked to be URL-safe)
     * carried on the key URI and license URLs that players fetch themselves, for players that
     * cannot set an Authorization header. Never in init segments (their PlayReady header stays
     * token-free: they are cached for everyone) nor in segment URLs.
     */
    Encryption signalling(Locator l, Asset a, String token) {
        String q = token == null ? "" : "?token=" + token;
        Protection.Scheme scheme = l.scheme();
        if (scheme == Protection.Scheme.CLEAR) return Encryption.CLEAR;
        Map<TrackType, KeySignalling> out = new EnumMap<>(TrackType.class);
        for (TrackType t : List.of(TrackType.VIDEO, TrackType.AUDIO)) {
            StreamingKeys.Key k = keys.key(a, t);
            byte[] kid = bytes(k.id());
            Scheme cenc = cencScheme(scheme);
            PlayReadyHeader pr = PlayReadyHeader.of(kid, licenseUrl("playready", l) + q, cenc);
            String hlsKey = scheme == Protection.Scheme.ENVELOPE ? baseUrl + "/api/keydelivery/" + l.id() + "/" + k.id() + q : "skd://" + k.id();
            out.put(t, new KeySignalling(k.id().toString(), hlsKey, Pssh.widevine(List.of(kid), cenc).boxBase64(),
                    pr.pssh().boxBase64(), pr.objectBase64(), licenseUrl("clearkey", l) + q, licenseUrl("widevine", l) + q,
                    licenseUrl("playready", l) + q));
        }
        return new Encryption(scheme.method(), out);
    }

    /** The init segment as a player of {@code l} gets it: protected for cenc/cbcs (sinf, pssh), clear otherwise. */
    byte[] init(Locator l, Asset a, String initPath, byte[] clearInit) {
        Protection.Scheme scheme = l.scheme();
        if (scheme == Protection.Scheme.CLEAR || scheme == Protection.Scheme.ENVELOPE) return clearInit;
        ClearTrackHeader track = track(initPath, () -> clearInit);
        StreamingKeys.Key k = keys.key(a, track.type());
        byte[] kid = bytes(k.id());
        Scheme cenc = cencScheme(scheme);
        List<Pssh> pssh = List.of(Pssh.widevine(List.of(kid), cenc), PlayReadyHeader.of(kid, licenseUrl("playready", l), cenc).pssh(),
                Pssh.clearKey(List.of(kid)));
        return CmafEncryption.encryptInit(clearInit, track, cenc, kid, pssh);
    }

    /**
     * A media segment as a player of {@code l} gets it. {@code clearInit} (its init segment, named
     * by {@code initPath}) is read only if that init's parsed header is not kept yet.
     */
    byte[] segment(Locator l, Asset a, String initPath, Supplier<byte[]> clearInit, Asset.Entry e, String rendition, byte[] clearSegment) {
        Protection.Scheme scheme = l.scheme();
        if (scheme == Protection.Scheme.CLEAR) return clearSegment;
        ClearTrackHeader track = track(initPath, clearInit);
        StreamingKeys.Key k = keys.key(a, track.type());
        if (scheme == Protection.Scheme.ENVELOPE) {
            return Envelope.encrypt(clearSegment, k.value(), HlsIv.ofSegment(rendition, e.runId(), e.decodeTime()));
        }
        return CmafEncryption.encryptSegment(track, clearSegment, cencScheme(scheme), k.value(), bytes(k.id()),
                segmentIdentity(rendition, e.runId(), e.decodeTime()));
    }

    /**
     * As {@link #segment} for a cenc or cbcs locator, encrypting {@code clearSegment} where it is
     * ({@link CmafEncryption#encryptSegmentInPlace}): it must be a fresh read, the caller's alone.
     */
    ProtectedFragment segmentInPlace(Locator l, Asset a, String initPath, Supplier<byte[]> clearInit, Asset.Entry e, String rendition,
                                     byte[] clearSegment) {
        ClearTrackHeader track = track(initPath, clearInit);
        StreamingKeys.Key k = keys.key(a, track.type());
        return CmafEncryption.encryptSegmentInPlace(track, clearSegment, cencScheme(l.scheme()), k.value(), bytes(k.id()),
                segmentIdentity(rendition, e.runId(), e.decodeTime()));
    }

    /** A whole segment (an MPEG-TS one) under the AES-128 envelope, with the IV its playlist names for {@code ivName}. */
    byte[] envelope(Asset a, String rendition, String ivName, Asset.Entry e, byte[] clear) {
        StreamingKeys.Key k = keys.key(a, rendition.startsWith("audio") ? TrackType.AUDIO : TrackType.VIDEO);
        return Envelope.encrypt(clear, k.value(), HlsIv.ofSegment(ivName, e.runId(), e.decodeTime()));
    }

    /**
     * The identity that makes every segment's IVs distinct under the asset's key: 64 bits of
     * SHA-256 over rendition, run and decode time (decode times alone may repeat across runs).
     */
    static long segmentIdentity(String rendition, String run, long decodeTime) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    ("livepipe-cenc-segment|" + rendition + "|" + run + "|" + decodeTime).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ClearTrackHeader track(String initPath, Supplier<byte[]> clearInit) {
        ClearTrackHeader t = tracks.get(initPath);
        if (t != null) return t;
        t = ClearTrackHeader.of(clearInit.get());
        if (tracks.size() < TRACK_CACHE) tracks.put(initPath, t);
        return t;
    }

    private String licenseUrl(String system, Locator l) { return baseUrl + "/api/license/" + system + "/" + l.id(); }

    private static Scheme cencScheme(Protection.Scheme s) { return s == Protection.Scheme.CBCS ? Scheme.CBCS : Scheme.CENC; }

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
