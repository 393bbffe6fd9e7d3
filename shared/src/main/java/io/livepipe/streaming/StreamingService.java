package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingResponses.manifest;
import static io.livepipe.streaming.StreamingResponses.problem;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Asset;
import io.livepipe.archive.RetentionSweep;
import io.livepipe.archive.SegmentName;
import io.livepipe.archive.TimelineAssembly;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelState;
import io.livepipe.http.Refusal;
import io.livepipe.media.dash.DashWriter;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.smooth.SmoothWriter;
import io.livepipe.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The streaming endpoint's router: a locator's URL to its answer. Manifests are derived from the
 * asset's timeline ({@link RenditionCatalog}, then the HLS, DASH and Smooth writers), and those
 * every viewer shares are kept rendered while the locator and asset are unchanged
 * ({@link ManifestCache}); media comes from {@link SegmentServer} (immutable, long-lived in
 * caches, with ETag and byte ranges: {@link StreamingResponses}). A segment not in the timeline —
 * outside the window, or never there — is 404. Clips: the locator's window, or
 * {@code startTime}/{@code endTime} (seconds into the asset) on a VOD manifest. A protected
 * locator's manifests signal its keys and its segments are encrypted on the fly by
 * {@link OnTheFlyEncryption}, the same bytes for every viewer.
 */
public final class StreamingService {
    /** A playback token carried in a manifest URL: JWT compact serialization characters, bounded as the verifier bounds it. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1," + io.livepipe.token.PlaybackTokenVerifier.MAX_TOKEN_CHARS + "}");
    private static final String HLS = "application/vnd.apple.mpegurl";
    /** Where DASH players read the time ({@code UTCTiming}), below the public base URL. */
    public static final String TIME_ROUTE = "/api/time";

    private final LocatorService locators;
    private final String timeUrl;
    private final BlobStore media;
    private final Clock clock;
    private final OnTheFlyEncryption encryption;
    private final RenditionCatalog catalog;
    private final SegmentServer segments;
    private final ManifestCache manifests = new ManifestCache();

    public StreamingService(LocatorService locators, ArchiveService archive, BlobStore media, Clock clock,
                            StreamingKeys keys, String baseUrl) {
        this.encryption = new OnTheFlyEncryption(keys, baseUrl);
        this.timeUrl = baseUrl + TIME_ROUTE;
        this.locators = locators;
        this.media = media;
        this.clock = clock;
        this.catalog = new RenditionCatalog(media);
        this.segments = new SegmentServer(media, catalog, encryption);
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
            LocatorService.Published p = locators.publishedRecently(r.locator()).orElseThrow(() -> Refusal.notFound("no such locator"));
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
        formatAllows(r.kind(), scheme);
        return switch (r.kind()) {
            case TS_SEGMENT -> segments.ts(r, a, l, range);
            case SMOOTH_FRAGMENT -> segments.smooth(r, a, l, query, range);
            case INIT -> segments.init(r, a, l, range, zeroCopy);
            case SEGMENT -> segments.segment(r, a, l, range, zeroCopy);
            default -> renderManifest(r, a, l, query, vod);
        };
    }

    private StreamingResponse renderManifest(StreamingRequest r, Asset a, Locator l, Map<String, String> query, boolean vod) {
        RenditionCatalog.window(l, query); // a bad clip window is the request's fault (400), whatever the asset holds
        String token = l.scheme() == Protection.Scheme.CLEAR ? null : manifestToken(r, query);
        String cache = token != null ? (vod ? "private, max-age=60" : "private, max-age=1") : vod ? "public, max-age=60" : "public, max-age=1";
        Encryption p = encryption.signalling(l, a, token);
        String playlistQuery = token == null ? "" : "?token=" + token;
        return switch (r.kind()) {
            case HLS_MULTIVARIANT -> manifest(HlsWriter.multivariant(catalog.renditions(a, l, query), p, playlistQuery), HLS, cache);
            case HLS_MEDIA -> manifest(HlsWriter.media(catalog.rendition(a, l, query, r.rendition()), vod, p), HLS, cache);
            case HLS_TS_MULTIVARIANT -> manifest(HlsWriter.multivariant(catalog.renditions(a, l, query), p, playlistQuery, true), HLS, cache);
            case HLS_TS_MEDIA -> manifest(HlsWriter.media(catalog.rendition(a, l, query, r.rendition()), vod, p, true), HLS, cache);
            case DASH_MPD -> {
                List<Rendition> all = catalog.renditions(a, l, query);
                if (p.method() == Encryption.Method.ENVELOPE) throw Refusal.notFound("envelope encryption is for HLS; DASH takes cenc or cbcs");
                yield manifest(DashWriter.mpd(all, vod, a.archiveWindow(), RenditionCatalog.segmentDuration(a),
                        clock.instant(), p, timeUrl), "application/dash+xml", cache);
            }
            case SMOOTH_MANIFEST -> manifest(SmoothWriter.manifest(catalog.renditions(a, l, query), vod, a.archiveWindow(), p),
                    "application/vnd.ms-sstr+xml", cache);
            default -> throw new IllegalStateException("not a manifest: " + r.kind());
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
}
