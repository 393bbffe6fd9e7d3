package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.manifest.Stretch;
import io.livepipe.media.mp4.Fragment;
import io.livepipe.media.mp4.InitInfo;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What an asset offers a viewer: its renditions as the manifest writers take them
 * ({@link Rendition}: track, bandwidths, frame rate, the segments of the clip asked for), the
 * clip window of a locator and a query, and the segment or rendition a media URL means. A
 * track's facts come from its CMAF header, parsed once per header and kept (headers are
 * immutable: a few hundred bytes read once per process, never per manifest); a video
 * rendition's frame rate from the frame count its first segment's name carries
 * ({@link io.livepipe.archive.SegmentName}), so answering a manifest reads no segment.
 */
public final class RenditionCatalog {
    static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d{1,3})?");
    /** Parsed CMAF headers and frame rates by store path: both are immutable. Bounded. */
    static final int TRACK_CACHE = 4096;

    private final BlobStore media;
    private final Map<String, TrackInfo> tracks = new ConcurrentHashMap<>();
    private final Map<String, Double> frameRates = new ConcurrentHashMap<>();

    RenditionCatalog(BlobStore media) { this.media = media; }

    /** The renditions with segments in the clip: video first, then by bandwidth, highest first. 404 if there are none. */
    List<Rendition> renditions(Asset a, Locator l, Map<String, String> query) {
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

    Rendition rendition(Asset a, Locator l, Map<String, String> query, String name) {
        Asset.Timeline t = timeline(a, name);
        List<Asset.Entry> segs = clip(t.segments(), window(l, query));
        String fallback = t.initByRun().values().iterator().next();
        if (segs.isEmpty()) return listing(a, name, trackInfo(fallback), 0, segs, Map.of());
        Map<String, TrackInfo> initTracks = new LinkedHashMap<>();
        for (Asset.Entry e : segs) initTracks.computeIfAbsent(e.initId(), id -> trackInfo(t.initByRun().getOrDefault(id, fallback)));
        TrackInfo info = initTracks.get(segs.get(0).initId());
        double fps = info.type() == TrackType.VIDEO ? frameRate(segs.get(0)) : 0;
        return listing(a, name, info, fps, segs, initTracks);
    }

    /**
     * Rendition {@code name} of the asset as the writers take it, listing {@code segs} (all of its
     * timeline, or a clip): each segment numbered, placed in its stretch and on the asset's shared
     * timeline ({@link SmoothTimes}), and every stretch the timeline ever held.
     */
    public static Rendition listing(Asset a, String name, TrackInfo track, double frameRate, List<Asset.Entry> segs,
                             Map<String, TrackInfo> initTracks) {
        Asset.Timeline t = timeline(a, name);
        Instant origin = SmoothTimes.origin(a);
        List<MediaSegment> listed = new ArrayList<>(segs.size());
        Map<String, Asset.Run> runs = new java.util.HashMap<>(); // a document without runs derives each in a pass: once per run
        for (Asset.Entry e : segs) {
            Asset.Run run = runs.computeIfAbsent(e.runId(), t::run);
            listed.add(new MediaSegment(e.runId(), e.decodeTime(), e.duration(), e.timescale(), e.initId(), e.discontinuity(),
                    e.created(), e.size(), t.mediaSequence(e, run), t.discontinuitySequence(e, run), stretch(t.stretch(e, run)),
                    SmoothTimes.time(a, origin, t, e, run)));
        }
        List<Stretch> stretches = new ArrayList<>();
        for (Asset.Run run : t.runs().values()) {
            for (Asset.Stretch s : run.reconnects().values()) stretches.add(stretch(s));
            if (run.start() != null) stretches.add(stretch(run.start()));
        }
        return Rendition.of(name, track, frameRate, listed, initTracks, stretches);
    }

    private static Stretch stretch(Asset.Stretch s) {
        return s == null ? null : new Stretch(s.decodeTime(), s.timescale(), s.epoch());
    }

    /**
     * The rendition a Smooth fragment request means: of the stream's type ({@code video} or
     * {@code audio}), the one whose manifest bitrate is nearest the URL's, so a URL a client built
     * from an earlier manifest (bitrates are measured, they move) still finds its rendition.
     */
    String smoothRendition(Asset a, Locator l, Map<String, String> query, String stream, long bitrate) {
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

    static Asset.Timeline timeline(Asset a, String rendition) {
        Asset.Timeline t = a.renditions().get(rendition);
        if (t == null) throw Refusal.notFound("no such rendition");
        return t;
    }

    /** The segment of the timeline at {@code run}/{@code decodeTime}, or 404. */
    static Asset.Entry entry(Asset.Timeline t, String run, long decodeTime) {
        for (Asset.Entry e : t.segments()) if (e.runId().equals(run) && e.decodeTime() == decodeTime) return e;
        throw Refusal.notFound("segment not in the asset's window");
    }

    /** The store path of the init segment {@code e} needs, or 404. */
    static String initPath(Asset.Timeline t, Asset.Entry e) {
        String initPath = t.initByRun().get(e.initId());
        if (initPath == null) throw Refusal.notFound("the segment's init segment is missing");
        return initPath;
    }

    static Duration segmentDuration(Asset a) {
        for (Asset.Timeline t : a.renditions().values()) {
            if (!t.segments().isEmpty()) {
                Asset.Entry e = t.segments().get(0);
                return Duration.ofMillis(Math.max(500, e.duration() * 1000 / e.timescale()));
            }
        }
        return Duration.ofSeconds(2);
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

    TrackInfo trackInfo(String initPath) {
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

    /**
     * The segment's frames per second, to the thousandth: from the frame count its name carries;
     * a segment stored before names carried it is read once and its samples counted.
     */
    double frameRate(Asset.Entry e) {
        if (e.frames() > 0) return perSecond(e.frames(), e);
        Double cached = frameRates.get(e.path());
        if (cached != null) return cached;
        double fps;
        try {
            fps = perSecond(Fragment.parse(media.get(e.path()).map(Blob::data).orElse(new byte[0])).samples().size(), e);
        } catch (MalformedMediaException unreadable) {
            return 0;
        }
        if (frameRates.size() < TRACK_CACHE) frameRates.put(e.path(), fps);
        return fps;
    }

    private static double perSecond(int frames, Asset.Entry e) {
        return Math.round(frames / (e.duration() / (double) e.timescale()) * 1000) / 1000.0;
    }
}
