package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingResponses.blob;
import static io.livepipe.streaming.StreamingResponses.bytes;
import static io.livepipe.streaming.StreamingResponses.derivedEtag;
import static io.livepipe.streaming.StreamingResponses.fragment;
import static io.livepipe.streaming.StreamingResponses.protectedEtag;

import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.mp4.FragmentSamples;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.media.smooth.SmoothFragment;
import io.livepipe.media.ts.TsMuxer;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The media a manifest points at: init segments and CMAF segments as stored (clear), or
 * encrypted on the fly by {@link OnTheFlyEncryption}; MPEG-TS segments remuxed from them
 * ({@link TsMuxer}); Smooth fragments rebuilt from them ({@link SmoothFragment}, with
 * {@code tfrf} while live). A segment not in the asset's timeline is 404.
 */
final class SegmentServer {
    /** Where TS timestamps start: a second on, so the PCR (ahead of the first DTS) and B-frames' DTS never go below 0. */
    static final long TS_OFFSET = 90_000;

    private final BlobStore media;
    private final RenditionCatalog catalog;
    private final OnTheFlyEncryption encryption;

    SegmentServer(BlobStore media, RenditionCatalog catalog, OnTheFlyEncryption encryption) {
        this.media = media;
        this.catalog = catalog;
        this.encryption = encryption;
    }

    /** An init segment by its id (the run, or {@code {run}.{version}}). */
    StreamingResponse init(StreamingRequest r, Asset a, Locator l, String range, boolean zeroCopy) {
        Asset.Timeline t = RenditionCatalog.timeline(a, r.rendition());
        String init = t.initByRun().get(r.run());
        if (init == null) throw Refusal.notFound("no such init segment");
        Protection.Scheme scheme = l.scheme();
        if (scheme == Protection.Scheme.CLEAR) return blob(media, init, "video/mp4", range, zeroCopy);
        Blob b = read(init);
        return bytes(protect(() -> encryption.init(l, a, init, b.data())), protectedEtag(b, scheme), "video/mp4", range);
    }

    StreamingResponse segment(StreamingRequest r, Asset a, Locator l, String range, boolean zeroCopy) {
        Asset.Timeline t = RenditionCatalog.timeline(a, r.rendition());
        String type = r.rendition().startsWith("audio") ? "audio/mp4" : "video/mp4";
        Asset.Entry e = RenditionCatalog.entry(t, r.run(), r.decodeTime());
        Protection.Scheme scheme = l.scheme();
        if (scheme == Protection.Scheme.CLEAR) return blob(media, e.path(), type, range, zeroCopy);
        String initPath = RenditionCatalog.initPath(t, e);
        Supplier<byte[]> init = () -> read(initPath).data(); // read only until its header is kept
        Blob seg = read(e.path());
        if (zeroCopy && range == null && scheme != Protection.Scheme.ENVELOPE) {
            // The read's array is ours alone: encrypted where it is, only the grown moof is new.
            return fragment(protect(() -> encryption.segmentInPlace(l, a, initPath, init, e, r.rendition(), seg.data())),
                    protectedEtag(seg, scheme), type);
        }
        return bytes(protect(() -> encryption.segment(l, a, initPath, init, e, r.rendition(), seg.data())),
                protectedEtag(seg, scheme), type, range);
    }

    StreamingResponse ts(StreamingRequest r, Asset a, Locator l, String range) {
        Asset.Timeline t = RenditionCatalog.timeline(a, r.rendition());
        Asset.Entry e = RenditionCatalog.entry(t, r.run(), r.decodeTime());
        Blob seg = read(e.path());
        byte[] clearTs = protect(() -> tsSegment(t, e, seg.data()));
        Protection.Scheme scheme = l.scheme();
        byte[] ts = scheme == Protection.Scheme.ENVELOPE
                ? protect(() -> encryption.envelope(a, r.rendition(), HlsWriter.tsIvName(r.rendition()), e, clearTs)) : clearTs;
        return bytes(ts, derivedEtag(seg, scheme.policy() + "-ts"), "video/mp2t", range);
    }

    StreamingResponse smooth(StreamingRequest r, Asset a, Locator l, Map<String, String> query, String range) {
        boolean vod = a.state().equals(Asset.VOD);
        String name = catalog.smoothRendition(a, l, query, r.rendition(), r.bitrate());
        Asset.Timeline t = RenditionCatalog.timeline(a, name);
        Asset.Entry e = null;
        java.time.Instant origin = SmoothTimes.origin(a);
        for (Asset.Entry x : t.segments()) if (SmoothTimes.time(a, origin, t, x) == r.decodeTime()) { e = x; break; }
        if (e == null) throw Refusal.notFound("no fragment at that time in the asset's window");
        Asset.Entry found = e;
        Blob seg = read(e.path());
        List<SmoothFragment.Next> next = null;
        if (!vod) { // tfrf: the fragments after this one, so live clients learn of them
            next = new ArrayList<>();
            int at = t.segments().indexOf(e);
            for (int i = at + 1; i < t.segments().size() && next.size() < SmoothFragment.LOOKAHEAD; i++) {
                Asset.Entry x = t.segments().get(i);
                next.add(new SmoothFragment.Next(SmoothTimes.time(a, origin, t, x), x.duration()));
            }
        }
        List<SmoothFragment.Next> following = next;
        byte[] fragment = protect(() -> SmoothFragment.of(t.mediaSequence(found) + 1, r.decodeTime(),
                FragmentSamples.read(seg.data()), !name.startsWith("audio"), following));
        if (l.scheme() == Protection.Scheme.CENC) {
            String initPath = RenditionCatalog.initPath(t, e);
            Supplier<byte[]> init = () -> read(initPath).data();
            byte[] clearFragment = fragment;
            fragment = protect(() -> encryption.segment(l, a, initPath, init, found, name, clearFragment));
        }
        StreamingResponse answer = bytes(fragment, derivedEtag(seg, l.scheme().policy() + "-smooth-" + r.decodeTime()
                + (next == null ? "" : "-" + next.size())), "video/mp4", range);
        if (vod) return answer;
        // a live fragment's tfrf grows as later fragments arrive: not immutable
        Map<String, String> h = new LinkedHashMap<>(answer.headers());
        h.put("Cache-Control", "public, max-age=1");
        return new StreamingResponse(answer.status(), h, answer.body());
    }

    /** A stored CMAF segment remuxed to MPEG-TS ({@link TsMuxer}), times in 90 kHz from the track's timescale. */
    private byte[] tsSegment(Asset.Timeline t, Asset.Entry e, byte[] segment) {
        TrackInfo info = catalog.trackInfo(RenditionCatalog.initPath(t, e));
        long scale = info.timescale();
        List<TsMuxer.Sample> samples = new ArrayList<>();
        for (FragmentSamples.Sample s : FragmentSamples.read(segment)) {
            long dts = Math.floorDiv(s.decodeTime() * 90_000, scale);
            long pts = Math.floorDiv((s.decodeTime() + s.compositionOffset()) * 90_000, scale);
            samples.add(new TsMuxer.Sample(TS_OFFSET + dts, pts - dts, s.sync(), s.data()));
        }
        return TsMuxer.segment(info.config(), samples, t.mediaSequence(e));
    }

    private Blob read(String path) {
        return media.get(path).orElseThrow(() -> Refusal.notFound("segment missing"));
    }

    /** Our own stored segments fail to encrypt only if the store holds something we never wrote: not the viewer's fault. */
    private static <T> T protect(Supplier<T> work) {
        try {
            return work.get();
        } catch (MalformedMediaException | io.livepipe.crypto.CryptoException e) {
            throw Refusal.internal("the stored segment cannot be protected", e);
        }
    }
}
