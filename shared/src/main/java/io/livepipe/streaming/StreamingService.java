package io.livepipe.streaming;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Asset;
import io.livepipe.archive.RetentionSweep;
import io.livepipe.archive.SegmentName;
import io.livepipe.archive.TimelineAssembly;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelState;
import io.livepipe.http.Problem;
import io.livepipe.http.RangeSelection;
import io.livepipe.http.Refusal;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.Fragment;
import io.livepipe.media.mp4.InitInfo;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.LocalFile;
import io.livepipe.storage.RangeNotSatisfiableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The streaming endpoint: one stored CMAF copy served as HLS and DASH on request, through a
 * locator. Manifests are derived from the asset's timeline, and those every viewer shares are
 * kept rendered while the locator and asset are unchanged ({@link ManifestCache}); segments come from the store as they are (immutable, long-lived in caches, with
 * ETag and byte ranges). A segment not in the timeline — outside the window, or never there —
 * is 404. Clips: the locator's window, or {@code startTime}/{@code endTime} (seconds into the
 * asset) on a VOD manifest. A protected locator's manifests signal its keys and its segments are
 * encrypted on the fly by {@link ProtectionPackager}, the same bytes for every viewer.
 */
public final class StreamingService {
    static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
    static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d{1,3})?");
    /** Parsed CMAF headers and frame rates by store path: both are immutable. Bounded. */
    static final int TRACK_CACHE = 4096;

    /** A playback token carried in a manifest URL: JWT compact serialization characters, bounded as the verifier bounds it. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1," + io.livepipe.token.PlaybackTokenVerifier.MAX_TOKEN_CHARS + "}");
    /** Where DASH players read the time ({@code UTCTiming}), below the public base URL. */
    public static final String TIME_ROUTE = "/api/time";

    private final LocatorService locators;
    private final String timeUrl;
    private final ArchiveService archive;
    private final BlobStore media;
    private final Clock clock;
    private final ProtectionPackager packager;
    private final Map<String, TrackInfo> tracks = new ConcurrentHashMap<>();
    private final Map<String, Double> frameRates = new ConcurrentHashMap<>();
    private final ManifestCache manifests = new ManifestCache();

    public StreamingService(LocatorService locators, ArchiveService archive, BlobStore media, Clock clock,
                            StreamingKeys keys, String baseUrl) {
        this.packager = new ProtectionPackager(keys, baseUrl);
        this.timeUrl = baseUrl + TIME_ROUTE;
        this.locators = locators;
        this.archive = archive;
        this.media = media;
        this.clock = clock;
    }

    public StreamingResponse handle(String path, Map<String, String> query, String range) {
        return handle(path, query, range, false);
    }

    /**
     * As {@link #handle(String, Map, String)}, but a whole clear segment the store keeps in a local
     * file comes back as that file's slice, for a server on this machine to send without copying.
     */
    public StreamingResponse handleZeroCopy(String path, Map<String, String> query, String range) {
        return handle(path, query, range, true);
    }

    private StreamingResponse handle(String path, Map<String, String> query, String range, boolean zeroCopy) {
        try {
            StreamingRequest r = StreamingRequest.parse(path);
            // a locator whose asset was deleted (or recorded again under its name) is no locator
            LocatorService.Published p = locators.published(r.locator()).orElseThrow(() -> Refusal.notFound("no such locator"));
            if (!ManifestCache.shareable(r, query, p.asset())) return render(r, p.asset(), p.locator(), query, range, zeroCopy);
            return manifests.answer(ManifestCache.key(path, query), p.version(), () -> {
                try {
                    return render(r, p.asset(), p.locator(), query, range, zeroCopy);
                } catch (Refusal e) {
                    return problem(e);
                }
            });
        } catch (Refusal e) {
            return problem(e);
        }
    }

    /**
     * A running channel's preview: the last {@link io.livepipe.archive.RetentionSweep#PREVIEW_WINDOW}
     * of its current run, as a live presentation, whether or not a program records it. The path
     * is what follows {@code /preview/{channel}/{token}/}.
     */
    public StreamingResponse preview(Channel channel, String path, Map<String, String> query, String range) {
        try {
            if (channel.runId() == null || channel.state() != ChannelState.RUNNING) {
                throw Refusal.notFound("the channel is not running");
            }
            StreamingRequest r = StreamingRequest.parse("00000000000000000000000000000000/" + path);
            Asset run = new Asset("preview", channel.name(), "preview", RetentionSweep.PREVIEW_WINDOW,
                    Asset.LIVE, clock.instant(), null, Map.of());
            run = TimelineAssembly.ofListing(run, media.list(SegmentName.runPrefix(channel.name(), channel.runId())));
            return render(r, run, new Locator(r.locator(), "preview", "clear", null, null, clock.instant(), null, run.created()),
                    Map.of(), range, false);
        } catch (Refusal e) {
            return problem(e);
        }
    }

    private StreamingResponse render(StreamingRequest r, Asset a, Locator l, Map<String, String> query, String range, boolean zeroCopy) {
        boolean vod = a.state().equals(Asset.VOD);
        Protection.Scheme scheme = l.scheme();
        if (r.encryption() != null && !r.encryption().equals(scheme.amsEncryption())) {
            throw Refusal.badRequest("encryption=" + r.encryption() + " does not match the locator's streaming policy (" + scheme.policy() + ")");
        }
        boolean clear = scheme == Protection.Scheme.CLEAR;
        formatAllows(r.kind(), scheme);
        if (r.kind() == StreamingRequest.Kind.HLS_MULTIVARIANT || r.kind() == StreamingRequest.Kind.HLS_MEDIA
                || r.kind() == StreamingRequest.Kind.DASH_MPD || r.kind() == StreamingRequest.Kind.HLS_TS_MULTIVARIANT
                || r.kind() == StreamingRequest.Kind.HLS_TS_MEDIA || r.kind() == StreamingRequest.Kind.SMOOTH_MANIFEST) {
            window(l, query); // a bad clip window is the request's fault (400), whatever the asset holds
        }
        String token = clear ? null : manifestToken(r, query);
        String cache = token != null ? (vod ? "private, max-age=60" : "private, max-age=1") : vod ? "public, max-age=60" : "public, max-age=1";
        return switch (r.kind()) {
            case HLS_MULTIVARIANT -> manifest(HlsWriter.multivariant(renditions(a, l, query), packager.signalling(l, a, token),
                    token == null ? "" : "?token=" + token), "application/vnd.apple.mpegurl", cache);
            case HLS_MEDIA -> manifest(HlsWriter.media(rendition(a, l, query, r.rendition()), vod, packager.signalling(l, a, token)),
                    "application/vnd.apple.mpegurl", cache);
            case DASH_MPD -> manifest(DashWriter.mpd(renditions(a, l, query), vod, a.archiveWindow(), segmentDuration(a),
                    clock.instant(), packager.signalling(l, a, token), timeUrl), "application/dash+xml", cache);
            case HLS_TS_MULTIVARIANT -> manifest(HlsWriter.multivariant(renditions(a, l, query), packager.signalling(l, a, token),
                    token == null ? "" : "?token=" + token, true), "application/vnd.apple.mpegurl", cache);
            case HLS_TS_MEDIA -> manifest(HlsWriter.media(rendition(a, l, query, r.rendition()), vod, packager.signalling(l, a, token), true),
                    "application/vnd.apple.mpegurl", cache);
            case SMOOTH_MANIFEST -> manifest(SmoothWriter.manifest(a, renditions(a, l, query), vod, a.archiveWindow(), packager.signalling(l, a, token)),
                    "application/vnd.ms-sstr+xml", cache);
            case TS_SEGMENT -> {
                Asset.Timeline t = timeline(a, r.rendition());
                Asset.Entry e = entry(t, r.run(), r.decodeTime());
                Blob seg = read(e.path());
                byte[] clearTs = protect(() -> tsSegment(t, e, seg.data()));
                byte[] ts = scheme == Protection.Scheme.ENVELOPE
                        ? protect(() -> packager.envelope(a, r.rendition(), HlsWriter.tsIvName(r.rendition()), e, clearTs)) : clearTs;
                yield bytes(ts, derivedEtag(seg, scheme.policy() + "-ts"), "video/mp2t", range);
            }
            case SMOOTH_FRAGMENT -> {
                String name = smoothRendition(a, l, query, r.rendition(), r.bitrate());
                Asset.Timeline t = timeline(a, name);
                Asset.Entry e = null;
                java.time.Instant origin = SmoothWriter.origin(a);
                for (Asset.Entry x : t.segments()) if (SmoothWriter.time(a, origin, t, x) == r.decodeTime()) { e = x; break; }
                if (e == null) throw Refusal.notFound("no fragment at that time in the asset's window");
                Asset.Entry found = e;
                Blob seg = read(e.path());
                List<io.livepipe.media.smooth.SmoothFragment.Next> next = null;
                if (!vod) { // tfrf: the fragments after this one, so live clients learn of them
                    next = new ArrayList<>();
                    int at = t.segments().indexOf(e);
                    for (int i = at + 1; i < t.segments().size() && next.size() < io.livepipe.media.smooth.SmoothFragment.LOOKAHEAD; i++) {
                        Asset.Entry x = t.segments().get(i);
                        next.add(new io.livepipe.media.smooth.SmoothFragment.Next(SmoothWriter.time(a, origin, t, x), x.duration()));
                    }
                }
                List<io.livepipe.media.smooth.SmoothFragment.Next> following = next;
                byte[] fragment = protect(() -> io.livepipe.media.smooth.SmoothFragment.of(t.mediaSequence(found) + 1, r.decodeTime(),
                        io.livepipe.media.mp4.FragmentSamples.read(seg.data()), !name.startsWith("audio"), following));
                if (scheme == Protection.Scheme.CENC) {
                    String initPath = t.initByRun().get(e.initId());
                    if (initPath == null) throw Refusal.notFound("the segment's init segment is missing");
                    byte[] init = read(initPath).data();
                    byte[] clearFragment = fragment;
                    fragment = protect(() -> packager.segment(l, a, initPath, init, found, name, clearFragment));
                }
                StreamingResponse answer = bytes(fragment, derivedEtag(seg, scheme.policy() + "-smooth-" + r.decodeTime()
                        + (next == null ? "" : "-" + next.size())), "video/mp4", range);
                if (vod) yield answer;
                // a live fragment's tfrf grows as later fragments arrive: not immutable
                Map<String, String> h = new LinkedHashMap<>(answer.headers());
                h.put("Cache-Control", "public, max-age=1");
                yield new StreamingResponse(answer.status(), h, answer.body());
            }
            case INIT -> {
                Asset.Timeline t = timeline(a, r.rendition());
                String init = t.initByRun().get(r.run()); // an init id: the run, or {run}.{version}
                if (init == null) throw Refusal.notFound("no such init segment");
                if (clear) yield blob(init, "video/mp4", range, zeroCopy);
                Blob b = read(init);
                yield bytes(protect(() -> packager.init(l, a, init, b.data())), protectedEtag(b, scheme), "video/mp4", range);
            }
            case SEGMENT -> {
                Asset.Timeline t = timeline(a, r.rendition());
                String type = r.rendition().startsWith("audio") ? "audio/mp4" : "video/mp4";
                for (Asset.Entry e : t.segments()) {
                    if (e.runId().equals(r.run()) && e.decodeTime() == r.decodeTime()) {
                        if (clear) yield blob(e.path(), type, range, zeroCopy);
                        String initPath = t.initByRun().get(e.initId());
                        if (initPath == null) throw Refusal.notFound("the segment's init segment is missing");
                        byte[] init = read(initPath).data();
                        Blob seg = read(e.path());
                        yield bytes(protect(() -> packager.segment(l, a, initPath, init, e, r.rendition(), seg.data())),
                                protectedEtag(seg, scheme), type, range);
                    }
                }
                throw Refusal.notFound("segment not in the asset's window");
            }
        };
    }

    /**
     * The {@code token} of a protected locator's manifest URL, for players that cannot set headers
     * (AVPlayer, VLC, smart TVs): it is carried on to media playlist, key and license URLs, never
     * to segments. Checked only for shape here (400 otherwise, so nothing else lands in a
     * playlist); the key and license routes verify it.
     */
    private static String manifestToken(StreamingRequest r, Map<String, String> query) {
        String token = query.get("token");
        if (token == null || r.kind() == StreamingRequest.Kind.INIT || r.kind() == StreamingRequest.Kind.SEGMENT
                || r.kind() == StreamingRequest.Kind.TS_SEGMENT || r.kind() == StreamingRequest.Kind.SMOOTH_FRAGMENT) return null;
        if (!TOKEN.matcher(token).matches()) throw Refusal.badRequest("token must be a JWT (letters, digits, '-', '_', '.')");
        return token;
    }

    /** How many rendered manifests are kept, for tests. */
    int cachedManifests() { return manifests.size(); }

    /** {@code GET /api/time}: the time as xs:dateTime, for DASH players' UTCTiming (http-xsdate and http-iso). */
    public static StreamingResponse time(Clock clock) {
        return new StreamingResponse(200, Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store",
                "Access-Control-Allow-Origin", "*"), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private Blob read(String path) {
        return media.get(path).orElseThrow(() -> Refusal.notFound("segment missing"));
    }

    /** Our own stored segments fail to encrypt only if the store holds something we never wrote: not the viewer's fault. */
    private static byte[] protect(java.util.function.Supplier<byte[]> work) {
        try {
            return work.get();
        } catch (MalformedMediaException | io.livepipe.crypto.CryptoException e) {
            throw Refusal.internal("the stored segment cannot be protected", e);
        }
    }

    /** A protected copy's ETag: the clear copy's and the scheme (the asset's key never changes). */
    private static String protectedEtag(Blob clear, Protection.Scheme scheme) { return derivedEtag(clear, scheme.policy()); }

    /** The ETag of bytes made from a stored segment: its ETag and what was made of it. */
    private static String derivedEtag(Blob source, String form) {
        String e = source.properties().etag();
        String inner = e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2 ? e.substring(1, e.length() - 1) : e;
        return "\"" + inner + "-" + form + "\"";
    }

    /**
     * Which encryption each format is offered with, as Media Services offered them: TS-HLS clear or
     * with the AES-128 envelope (cbc), Smooth Streaming clear or cenc (PlayReady), the CMAF forms
     * as before. Anything else is the request's fault: 400.
     */
    static void formatAllows(StreamingRequest.Kind kind, Protection.Scheme scheme) {
        switch (kind) {
            case HLS_TS_MULTIVARIANT, HLS_TS_MEDIA, TS_SEGMENT -> {
                if (scheme != Protection.Scheme.CLEAR && scheme != Protection.Scheme.ENVELOPE) {
                    throw Refusal.badRequest("format=m3u8-aapl (MPEG-TS) is offered clear or with encryption=cbc, not for a "
                            + scheme.policy() + " locator: use format=m3u8-cmaf");
                }
            }
            case SMOOTH_MANIFEST, SMOOTH_FRAGMENT -> {
                if (scheme != Protection.Scheme.CLEAR && scheme != Protection.Scheme.CENC) {
                    throw Refusal.badRequest("Smooth Streaming is offered clear or with encryption=cenc (PlayReady), not for a "
                            + scheme.policy() + " locator");
                }
            }
            default -> { }
        }
    }

    /** The segment of the timeline at {@code run}/{@code decodeTime}, or 404. */
    private static Asset.Entry entry(Asset.Timeline t, String run, long decodeTime) {
        for (Asset.Entry e : t.segments()) if (e.runId().equals(run) && e.decodeTime() == decodeTime) return e;
        throw Refusal.notFound("segment not in the asset's window");
    }

    /** Where TS timestamps start: a second on, so the PCR (ahead of the first DTS) and B-frames' DTS never go below 0. */
    static final long TS_OFFSET = 90_000;

    /** A stored CMAF segment remuxed to MPEG-TS ({@link io.livepipe.media.ts.TsMuxer}), times in 90 kHz from the track's timescale. */
    private byte[] tsSegment(Asset.Timeline t, Asset.Entry e, byte[] segment) {
        String initPath = t.initByRun().get(e.initId());
        if (initPath == null) throw Refusal.notFound("the segment's init segment is missing");
        TrackInfo info = trackInfo(initPath);
        long scale = info.timescale();
        List<io.livepipe.media.ts.TsMuxer.Sample> samples = new ArrayList<>();
        for (io.livepipe.media.mp4.FragmentSamples.Sample s : io.livepipe.media.mp4.FragmentSamples.read(segment)) {
            long dts = Math.floorDiv(s.decodeTime() * 90_000, scale);
            long pts = Math.floorDiv((s.decodeTime() + s.compositionOffset()) * 90_000, scale);
            samples.add(new io.livepipe.media.ts.TsMuxer.Sample(TS_OFFSET + dts, pts - dts, s.sync(), s.data()));
        }
        return io.livepipe.media.ts.TsMuxer.segment(info.config(), samples, t.mediaSequence(e));
    }

    /**
     * The rendition a Smooth fragment request means: of the stream's type ({@code video} or
     * {@code audio}), the one whose manifest bitrate is nearest the URL's, so a URL a client built
     * from an earlier manifest (bitrates are measured, they move) still finds its rendition.
     */
    private String smoothRendition(Asset a, Locator l, Map<String, String> query, String stream, long bitrate) {
        TrackType type = switch (stream) {
            case "video" -> TrackType.VIDEO;
            case "audio" -> TrackType.AUDIO;
            default -> throw Refusal.notFound("no such Smooth stream: video or audio");
        };
        String best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Rendition r : renditions(a, l, query)) {
            if (r.track().type() != type) continue;
            long d = Math.abs(r.averageBandwidth() - bitrate);
            if (d < bestDistance) { best = r.name(); bestDistance = d; }
        }
        if (best == null) throw Refusal.notFound("the asset has no " + stream + " rendition");
        return best;
    }

    private static Asset.Timeline timeline(Asset a, String rendition) {
        Asset.Timeline t = a.renditions().get(rendition);
        if (t == null) throw Refusal.notFound("no such rendition");
        return t;
    }

    private static Duration segmentDuration(Asset a) {
        for (Asset.Timeline t : a.renditions().values()) {
            if (!t.segments().isEmpty()) {
                Asset.Entry e = t.segments().get(0);
                return Duration.ofMillis(Math.max(500, e.duration() * 1000 / e.timescale()));
            }
        }
        return Duration.ofSeconds(2);
    }

    private List<Rendition> renditions(Asset a, Locator l, Map<String, String> query) {
        List<Rendition> out = new ArrayList<>();
        for (String name : a.renditions().keySet().stream().sorted().toList()) {
            Rendition r = rendition(a, l, query, name);
            if (!r.segments().isEmpty()) out.add(r);
        }
        out.sort((x, y) -> x.track().type() != y.track().type() ? x.track().type().compareTo(y.track().type())
                : Long.compare(y.peakBandwidth(), x.peakBandwidth()));
        if (out.isEmpty()) throw Refusal.notFound("the asset has no segments yet");
        return out;
    }

    private Rendition rendition(Asset a, Locator l, Map<String, String> query, String name) {
        Asset.Timeline t = timeline(a, name);
        List<Asset.Entry> segs = clip(t.segments(), window(l, query));
        if (segs.isEmpty()) return Rendition.of(name, trackInfo(t.initByRun().values().iterator().next()), 0, segs, t);
        String fallback = t.initByRun().values().iterator().next();
        Map<String, TrackInfo> initTracks = new LinkedHashMap<>();
        for (Asset.Entry e : segs) initTracks.computeIfAbsent(e.initId(), id -> trackInfo(t.initByRun().getOrDefault(id, fallback)));
        TrackInfo info = initTracks.get(segs.get(0).initId());
        double fps = info.type() == TrackType.VIDEO ? frameRate(segs.get(0)) : 0;
        return Rendition.of(name, info, fps, segs, t, initTracks);
    }

    /** The clip window in seconds, from the locator or (for clips of a VOD asset) the query. */
    static double[] window(Locator l, Map<String, String> query) {
        LocatorService.checkWindow(l.startSeconds(), l.endSeconds());
        double start = l.startSeconds() == null ? 0 : l.startSeconds();
        double end = l.endSeconds() == null ? Double.MAX_VALUE : l.endSeconds();
        String qs = query.get("startTime");
        String qe = query.get("endTime");
        if (qs != null) start = Math.max(start, seconds(qs));
        if (qe != null) end = Math.min(end, seconds(qe));
        if (end <= start) throw Refusal.badRequest("endTime must be after startTime");
        return new double[] {start, end};
    }

    /** A clip query's seconds: a finite decimal number, 0 to 10^7 (no NaN, Infinity or hexadecimal). */
    private static double seconds(String v) {
        if (v.length() > 20 || !DECIMAL.matcher(v).matches()) throw Refusal.badRequest("startTime/endTime must be seconds, 0 to 10^7");
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d) || d < 0 || d > LocatorService.MAX_SECONDS) throw Refusal.badRequest("startTime/endTime must be seconds, 0 to 10^7");
        return d;
    }

    /** Segments whose span into the rendition meets [start, end). */
    static List<Asset.Entry> clip(List<Asset.Entry> segs, double[] w) {
        if (w[0] == 0 && w[1] == Double.MAX_VALUE) return segs;
        List<Asset.Entry> out = new ArrayList<>();
        double pos = 0;
        for (Asset.Entry e : segs) {
            double d = e.duration() / (double) e.timescale();
            if (pos + d > w[0] && pos < w[1]) out.add(e);
            pos += d;
        }
        return out;
    }

    private TrackInfo trackInfo(String initPath) {
        TrackInfo cached = tracks.get(initPath);
        if (cached != null) return cached;
        Blob b = media.get(initPath).orElseThrow(() -> Refusal.notFound("init segment missing"));
        TrackInfo t;
        try {
            t = InitInfo.parse(b.data());
        } catch (MalformedMediaException e) {
            throw Refusal.notFound("unreadable init segment");
        }
        if (tracks.size() < TRACK_CACHE) tracks.put(initPath, t);
        return t;
    }

    private double frameRate(Asset.Entry e) {
        Double cached = frameRates.get(e.path());
        if (cached != null) return cached;
        double fps = 0;
        try {
            Fragment f = Fragment.parse(media.get(e.path()).map(Blob::data).orElse(new byte[0]));
            fps = f.samples().size() / (e.duration() / (double) e.timescale());
            fps = Math.round(fps * 1000) / 1000.0;
        } catch (MalformedMediaException unreadable) {
            return 0;
        }
        if (frameRates.size() < TRACK_CACHE) frameRates.put(e.path(), fps);
        return fps;
    }

    private static StreamingResponse manifest(String body, String type, String cacheControl) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", cacheControl);
        h.put("Access-Control-Allow-Origin", "*");
        return new StreamingResponse(200, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private StreamingResponse blob(String path, String type, String range, boolean zeroCopy) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", SEGMENT_CACHE);
        h.put("Accept-Ranges", "bytes");
        h.put("Access-Control-Allow-Origin", "*");
        RangeSelection selection = RangeSelection.of(null, 0);
        long size = -1;
        if (range != null) {
            size = media.properties(path).orElseThrow(() -> Refusal.notFound("segment missing")).size();
            selection = RangeSelection.of(range, size);
        }
        if (selection.kind() == RangeSelection.Kind.UNSATISFIABLE) {
            h.put("Content-Range", selection.contentRange(size));
            return new StreamingResponse(416, h, new byte[0]);
        }
        if (selection.kind() == RangeSelection.Kind.WHOLE) {
            if (zeroCopy) {
                Optional<LocalFile> f = media.localFile(path);
                if (f.isPresent()) {
                    h.put("ETag", f.get().properties().etag());
                    return new StreamingResponse(200, h, new byte[0], f.get());
                }
            }
            Blob b = media.get(path).orElseThrow(() -> Refusal.notFound("segment missing"));
            h.put("ETag", b.properties().etag());
            return new StreamingResponse(200, h, b.data());
        }
        try {
            Blob b = media.getRange(path, selection.first(), selection.count())
                    .orElseThrow(() -> Refusal.notFound("segment missing"));
            h.put("ETag", b.properties().etag());
            h.put("Content-Range", "bytes " + selection.first() + "-" + (selection.first() + b.data().length - 1) + "/" + size);
            return new StreamingResponse(206, h, b.data());
        } catch (RangeNotSatisfiableException e) {
            h.put("Content-Range", "bytes */" + size);
            return new StreamingResponse(416, h, new byte[0]);
        }
    }

    /** Bytes made on request (a protected copy), whole or the range asked for (RFC 9110 §14.2, {@link RangeSelection}). */
    private static StreamingResponse bytes(byte[] data, String etag, String type, String range) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", SEGMENT_CACHE);
        h.put("Accept-Ranges", "bytes");
        h.put("Access-Control-Allow-Origin", "*");
        h.put("ETag", etag);
        RangeSelection selection = RangeSelection.of(range, data.length);
        return switch (selection.kind()) {
            case WHOLE -> new StreamingResponse(200, h, data);
            case UNSATISFIABLE -> {
                h.put("Content-Range", selection.contentRange(data.length));
                yield new StreamingResponse(416, h, new byte[0]);
            }
            case PARTIAL -> {
                h.put("Content-Range", selection.contentRange(data.length));
                yield new StreamingResponse(206, h, java.util.Arrays.copyOfRange(data, (int) selection.first(), (int) selection.last() + 1));
            }
        };
    }

    /** A refusal's answer ({@link Problem}: one writer for every host), readable by players on any origin. */
    static StreamingResponse problem(Refusal refusal) {
        Problem p = Problem.of(refusal);
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        h.put("Access-Control-Allow-Origin", "*");
        return new StreamingResponse(p.status(), h, p.body());
    }
}
