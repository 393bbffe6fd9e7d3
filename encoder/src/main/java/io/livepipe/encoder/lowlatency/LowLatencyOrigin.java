package io.livepipe.encoder.lowlatency;

import io.livepipe.archive.Asset;
import io.livepipe.cache.FreshFor;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import io.livepipe.http.Problem;
import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.LiveEdge;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.Protection;
import io.livepipe.streaming.lowlatency.BlockingReload;
import io.livepipe.streaming.lowlatency.LowLatencyDash;
import io.livepipe.streaming.lowlatency.LowLatencyPlaylist;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LL-HLS from the encoder's memory: {@code /{locator}/ll/master.m3u8}, {@code {rendition}.m3u8}
 * (with the delivery directives of RFC 8216bis §6.2.5), {@code {rendition}/{run}/init-{v}.mp4},
 * {@code {rendition}/{run}/{msn}.m4s} and parts {@code {rendition}/{run}/{msn}.{part}.m4s}. The
 * locator may be clear or protected as the streaming endpoint protects it ({@link PartSealing}:
 * AES-128 envelope, cbcs, cenc) and its asset live, recording a low-latency channel whose run this process
 * ingests. A blocking reload that asks too far ahead is 400 at once; one that waits is held without a
 * thread (a future completed by the ring) for at most three target durations, then 503
 * (§6.2.5.2). A request for the preload-hinted part is held the same way until the part exists.
 * At most {@link #MAX_HELD} requests are held at once; more get 503. A request for a channel another
 * encoder replica ingests is proxied to that replica ({@link ReplicaProxy}). LL-DASH of the same parts:
 * {@code manifest.mpd} ({@link LowLatencyDash}), its segments {@code {rendition}/{run}/{msn}.m4s}
 * sent with chunked transfer while they are made.
 */
public final class LowLatencyOrigin implements AutoCloseable {
    static final int MAX_HELD = 10_000;
    /** How long a locator's channel is remembered: every held reload would otherwise read two documents. */
    static final Duration LOCATOR_TTL = Duration.ofSeconds(2);
    static final int LOCATOR_CACHE = 4096;
    static final String PLAYLIST = "application/vnd.apple.mpegurl";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern ROUTE = Pattern.compile("/([0-9a-f]{32})/ll/(.+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern MEDIA = Pattern.compile("([A-Za-z0-9_-]{1,64})/([A-Za-z0-9_-]{1,64})/(?:init-(\\d{1,4})\\.mp4|(\\d{1,15})(?:\\.(\\d{1,6}))?\\.m4s)");
    private static final Logger LOG = Logger.getLogger(LowLatencyOrigin.class.getName());

    private final LocatorService locators;
    /** Null: protected locators are not served here. */
    private final io.livepipe.streaming.LowLatencyProtection protection;
    private final Clock clock;
    /** Null: requests for channels not ingested here are 404. */
    private final ReplicaProxy proxy;
    private final Duration partTarget;
    private final int ringSegments;
    private final Map<String, PartRing> rings = new ConcurrentHashMap<>();
    private final FreshFor<String, Cached> channelsByLocator;
    private final AtomicInteger held = new AtomicInteger();
    private final ExecutorService renderer = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ll-hls");
        t.setDaemon(true);
        return t;
    });

    private record Cached(Optional<String> channel, String problem, int status, LocatorService.Published published) {
        Protection.Scheme scheme() { return published == null ? Protection.Scheme.CLEAR : published.locator().scheme(); }
    }

    public LowLatencyOrigin(LocatorService locators, Clock clock, Duration partTarget, int ringSegments) {
        this(locators, null, clock, partTarget, ringSegments);
    }

    /** {@code protection}: how envelope locators are encrypted (the streaming endpoint's); null serves clear locators only. */
    public LowLatencyOrigin(LocatorService locators, io.livepipe.streaming.LowLatencyProtection protection, Clock clock, Duration partTarget,
                            int ringSegments) {
        this(locators, protection, clock, partTarget, ringSegments, null);
    }

    /**
     * {@code holders}: the internal origin URL of the replica holding a channel's lease, if another
     * does (from the lease record); a request for a channel ingested there is proxied to it
     * ({@link ReplicaProxy}). Null: one replica, nothing to pass on.
     */
    public LowLatencyOrigin(LocatorService locators, io.livepipe.streaming.LowLatencyProtection protection, Clock clock, Duration partTarget,
                            int ringSegments, java.util.function.Function<String, Optional<String>> holders) {
        this.proxy = holders == null ? null : new ReplicaProxy(holders, clock);
        this.protection = protection;
        if (partTarget.toMillis() < 200) throw new IllegalArgumentException("the LL-HLS part target must be at least 0.2 s");
        if (ringSegments < 4 || ringSegments > 64) throw new IllegalArgumentException("the LL-HLS ring holds 4 to 64 segments");
        this.locators = locators;
        this.clock = clock;
        this.channelsByLocator = new FreshFor<>(LOCATOR_TTL, LOCATOR_CACHE, FreshFor.ticker(clock));
        this.partTarget = partTarget;
        this.ringSegments = ringSegments;
    }

    /** Whether this origin answers {@code rawPath}. */
    public static boolean matches(String rawPath) { return ROUTE.matcher(rawPath).matches(); }

    /** The part target for a channel whose segments last {@code keyFrameInterval}: the configured one, no longer than a segment. */
    public Duration partTarget(Duration keyFrameInterval) {
        return partTarget.compareTo(keyFrameInterval) > 0 ? keyFrameInterval : partTarget;
    }

    /** A new run of a low-latency channel: its ring, which replaces the last run's (whose held requests are answered). */
    public LiveEdge edge(String channel, String runId, Duration keyFrameInterval) {
        int target = (int) Math.max(1, (keyFrameInterval.toMillis() + 999) / 1000);
        PartRing ring = new PartRing(channel, runId, ringSegments, partTarget(keyFrameInterval).toMillis() / 1000.0, target,
                keyFrameInterval.toMillis() / 1000.0, clock);
        PartRing old = rings.put(channel, ring);
        if (old != null) old.close();
        LOG.info(() -> "event=ll_ring_started channel=" + channel + " runId=" + runId + " partTargetMs=" + partTarget(keyFrameInterval).toMillis()
                + " segments=" + ringSegments);
        return ring;
    }

    /** The ring of a channel's current run here, for tests and health. */
    public Optional<PartRing> ring(String channel) { return Optional.ofNullable(rings.get(channel)); }

    /** Requests held now (blocking reloads and hinted parts). */
    public int held() { return held.get(); }

    public CompletionStage<HostResponse> handle(HostRequest request) {
        try {
            return CompletableFuture.completedFuture(null).thenCompose(x -> route(request)).exceptionally(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof Refusal r) return refused(r);
                LOG.log(Level.WARNING, "event=ll_request_failed error=" + cause.getClass().getSimpleName() + " detail=" + cause.getMessage(), cause);
                return problem(500, "internal error");
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(problem(500, "internal error"));
        }
    }

    private CompletionStage<HostResponse> route(HostRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return done(new HostResponse(405, Map.of("Allow", "GET, HEAD", "Cache-Control", "no-store"), new byte[0]));
        }
        Matcher m = ROUTE.matcher(request.rawPath());
        if (!m.matches()) throw Refusal.notFound("no such route");
        Cached located = channelOf(m.group(1));
        String channel = located.channel().get();
        Protection.Scheme scheme = located.scheme();
        boolean secured = scheme != Protection.Scheme.CLEAR;
        String token = request.query().get("token");
        if (token != null && (!secured || !io.livepipe.streaming.LowLatencyProtection.tokenShape().matcher(token).matches())) {
            if (secured) throw Refusal.badRequest("token is not a JWT");
            token = null; // a clear locator ignores it
        }
        String tokenQuery = token == null ? "" : "?token=" + token;
        String tok = token;
        PartRing ring = rings.get(channel);
        if (ring == null) {
            Optional<String> holder = proxy == null ? Optional.empty() : proxy.holder(channel, request);
            if (holder.isPresent()) return proxy.forward(holder.get(), request);
            throw Refusal.notFound("the channel is not a low-latency channel ingesting on this encoder");
        }
        String rest = m.group(2);
        if (rest.equals("master.m3u8")) return done(multivariant(ring, tokenQuery));
        if (rest.equals("manifest.mpd")) {
            if (scheme == Protection.Scheme.ENVELOPE) throw Refusal.notFound("envelope encryption is for HLS; DASH takes cenc or cbcs");
            return done(mpd(ring, secured ? type -> protection.samples(located.published().locator(), located.published().asset(), type, tok)
                    .contentProtection() : type -> ""));
        }
        if (rest.endsWith(".m3u8")) {
            String rendition = rest.substring(0, rest.length() - ".m3u8".length());
            if (!NAME.matcher(rendition).matches() || ring.track(rendition).isEmpty()) throw Refusal.notFound("no such rendition");
            return playlist(ring, rendition, BlockingReload.parse(request.query()), located.published(), tok);
        }
        Matcher x = MEDIA.matcher(rest);
        if (!x.matches() || ring.track(x.group(1)).isEmpty() || !x.group(2).equals(ring.runId())) throw Refusal.notFound("no such segment");
        String rendition = x.group(1);
        String type = ring.track(rendition).get().type() == TrackType.AUDIO ? "audio/mp4" : "video/mp4";
        PartSealing sealing = PartSealing.of(protection, located.published(), ring, rendition);
        if (x.group(3) != null) return done(media(sealing.init(Integer.parseInt(x.group(3))), type));
        long msn = Long.parseLong(x.group(4));
        if (x.group(5) == null) {
            Optional<byte[]> whole = sealing.segment(msn);
            if (whole.isPresent() || !sealing.streams()) return done(media(whole, type)); // a whole-resource cipher is not streamed while made
            // LL-DASH asks for a segment one part after it begins: sent as its parts are cut (chunked transfer)
            Optional<io.livepipe.encoder.http.ChunkSource> live = ring.stream(rendition, msn,
                    Duration.ofMillis(Math.round((ring.segmentSeconds() + 3L * ring.targetDuration()) * 1000)));
            if (live.isEmpty()) return done(media(Optional.empty(), type));
            return done(HostResponse.streamed(200, Map.of("Content-Type", type, "Cache-Control", IMMUTABLE,
                    "Access-Control-Allow-Origin", "*"), sealing.seal(live.get(), msn)));
        }
        int part = Integer.parseInt(x.group(5));
        Optional<byte[]> now = sealing.part(msn, part);
        if (now.isPresent() || !ring.upcoming(rendition, msn, part)) return done(media(now, type));
        return hold(ring, ring.awaitPart(rendition, msn, part), () -> media(sealing.part(msn, part), type));
    }

    /** {@code token}: a viewer's, carried on to key and license URLs (then the playlist is private), or null. */
    private CompletionStage<HostResponse> playlist(PartRing ring, String rendition, BlockingReload b, LocatorService.Published published,
                                                   String token) {
        boolean personal = token != null;
        Supplier<HostResponse> render = () -> ring.snapshot(rendition, ring.renditionNames())
                .map(sn -> text(200, keyed(sn, ring, rendition, b.skip(), published, token), PLAYLIST,
                        (b.blocking() ? (personal ? "private" : "public") + ", max-age=" + sn.playlist().targetDuration()
                                : personal ? "private, no-cache" : "no-cache")))
                .orElseGet(() -> problem(404, "no media yet"));
        return switch (ring.verdict(rendition, b)) {
            case TOO_FAR -> done(problem(400, "_HLS_msn/_HLS_part more than the advance limit past the playlist's last segment and part"));
            case READY -> done(render.get());
            case WAIT -> hold(ring, ring.await(rendition, b), render);
        };
    }

    /**
     * A media playlist with the locator's keys: the envelope's key (and segment IV) before each
     * segment's parts; the cbcs/cenc key lines of the standard HLS once at the top; none when clear.
     */
    private String keyed(PartRing.Snapshot sn, PartRing ring, String rendition, boolean skip, LocatorService.Published p, String token) {
        TrackType type = ring.track(rendition).get().type();
        return switch (p.locator().scheme()) {
            case CLEAR -> sn.playlist().render(skip);
            case ENVELOPE -> {
                io.livepipe.streaming.LowLatencyProtection.Envelope key = protection.envelope(p.locator(), p.asset(), type, token);
                yield sn.playlist().render(skip, seg -> key.keyLine(rendition, ring.runId(), sn.starts().get(seg.msn())));
            }
            case CENC, CBCS -> sn.playlist().renderWithKeys(skip, protection.samples(p.locator(), p.asset(), type, token).keyLines());
        };
    }

    /** Holds a request until {@code ready} completes or three target durations pass (then 503); no thread waits. */
    CompletionStage<HostResponse> hold(PartRing ring, CompletableFuture<Void> ready, Supplier<HostResponse> answer) {
        if (held.incrementAndGet() > MAX_HELD) {
            held.decrementAndGet();
            ready.complete(null);
            return done(problem(503, "too many held requests; retry"));
        }
        long deadlineMs = 3L * ring.targetDuration() * 1000;
        return ready.orTimeout(deadlineMs, TimeUnit.MILLISECONDS).handleAsync((x, t) -> {
            held.decrementAndGet();
            if (t != null) {
                Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
                if (c instanceof TimeoutException) return problem(503, "not available within three target durations; retry");
                return problem(500, "internal error");
            }
            return answer.get();
        }, renderer);
    }

    /** The channel a clear live locator records, remembered for {@link #LOCATOR_TTL}. */
    private Cached channelOf(String locator) {
        Cached c = channelsByLocator.get(locator, this::lookUp);
        if (c.channel().isEmpty()) throw Refusal.of(c.status(), c.problem());
        return c;
    }

    private Cached lookUp(String locator) {
        Optional<LocatorService.Published> p = locators.published(locator);
        if (p.isEmpty()) return new Cached(Optional.empty(), "no such locator", 404, null);
        if (!p.get().asset().state().equals(Asset.LIVE)) return new Cached(Optional.empty(), "the asset is not live", 404, null);
        Protection.Scheme scheme = p.get().locator().scheme();
        if (scheme != Protection.Scheme.CLEAR && protection == null) {
            return new Cached(Optional.empty(), "low-latency playback of protected locators is not offered here", 404, null);
        }
        return new Cached(Optional.of(p.get().asset().channel()), null, 200, p.get());
    }

    /** {@code tokenQuery}: a viewer's {@code ?token=} carried on to the media playlists (then the answer is private), or "". */
    private HostResponse multivariant(PartRing ring, String tokenQuery) {
        List<String> names = ring.renditionNames();
        String audio = null;
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:9\n");
        for (String n : names) {
            TrackInfo t = ring.track(n).orElse(null);
            if (t != null && t.type() == TrackType.AUDIO && audio == null) {
                audio = n;
                sb.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
                        .append(Math.max(1, t.channels())).append("\",URI=\"").append(n).append(".m3u8").append(tokenQuery).append("\"\n");
            }
        }
        List<String> videos = new ArrayList<>();
        for (String n : names) if (ring.track(n).map(t -> t.type() == TrackType.VIDEO).orElse(false)) videos.add(n);
        videos.sort((a, b) -> Long.compare(ring.bandwidth(b), ring.bandwidth(a)));
        if (videos.isEmpty()) return problem(404, "no media yet");
        long audioBandwidth = audio == null ? 0 : ring.bandwidth(audio);
        String audioCodecs = audio == null ? "" : "," + ring.track(audio).get().codecs();
        for (String n : videos) {
            TrackInfo t = ring.track(n).get();
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(100_000, ring.bandwidth(n) + audioBandwidth))
                    .append(",CODECS=\"").append(t.codecs()).append(audioCodecs).append('"')
                    .append(",RESOLUTION=").append(t.width()).append('x').append(t.height());
            if (audio != null) sb.append(",AUDIO=\"audio\"");
            sb.append('\n').append(n).append(".m3u8").append(tokenQuery).append('\n');
        }
        return text(200, sb.toString(), PLAYLIST, tokenQuery.isEmpty() ? "no-cache" : "private, no-cache");
    }

    /** LL-DASH of the ring: one Period from the run's first segment, times anchored on the first video segment's wall-clock start. */
    private HostResponse mpd(PartRing ring, java.util.function.Function<TrackType, String> contentProtection) {
        List<String> names = ring.renditionNames();
        String reference = null;
        for (String n : names) if (ring.track(n).map(t -> t.type() == TrackType.VIDEO).orElse(false) && ring.anchor(n).isPresent()) reference = n;
        if (reference == null) for (String n : names) if (ring.anchor(n).isPresent()) reference = n;
        if (reference == null) return problem(404, "no media yet");
        PartRing.Anchor a = ring.anchor(reference).get();
        int referenceTimescale = ring.track(reference).get().timescale();
        List<LowLatencyDash.Rep> reps = new ArrayList<>();
        for (String n : names) {
            Optional<PartRing.Anchor> an = ring.anchor(n);
            Optional<TrackInfo> t = ring.track(n);
            if (an.isEmpty() || t.isEmpty()) continue;
            long pto = Math.round(a.decodeTime() * (double) t.get().timescale() / referenceTimescale);
            String base = n + "/" + ring.runId() + "/";
            reps.add(new LowLatencyDash.Rep(n, t.get().type() == TrackType.VIDEO, t.get().codecs(), t.get().width(), t.get().height(),
                    t.get().sampleRate(), t.get().channels(), ring.bandwidth(n), t.get().timescale(), base + "init-" + ring.currentInit(n) + ".mp4",
                    base + "$Number$.m4s", an.get().msn(), pto, contentProtection.apply(t.get().type())));
        }
        long targetMs = Math.round(ring.partTargetSeconds() * 3000);
        String body = LowLatencyDash.mpd(reps, ring.runId(), a.start(), clock.instant(), ring.segmentSeconds(), ring.partTargetSeconds(),
                ring.maxSegments() * ring.segmentSeconds(), targetMs, io.livepipe.streaming.StreamingService.TIME_ROUTE);
        return text(200, body, "application/dash+xml", "no-cache");
    }

    private static HostResponse media(Optional<byte[]> bytes, String type) {
        if (bytes.isEmpty()) return problem(404, "not in the live edge");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", IMMUTABLE);
        h.put("Access-Control-Allow-Origin", "*");
        return new HostResponse(200, h, bytes.get());
    }

    private static HostResponse text(int status, String body, String type, String cache) {
        return new HostResponse(status, Map.of("Content-Type", type, "Cache-Control", cache, "Access-Control-Allow-Origin", "*"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer of this origin's own (no refusal thrown), as every host writes problems, readable by players of other origins. */
    static HostResponse problem(int status, String detail) { return withCors(Problem.of(status, detail)); }

    private static HostResponse refused(Refusal r) { return withCors(Problem.of(r)); }

    private static HostResponse withCors(Problem p) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        h.put("Access-Control-Allow-Origin", "*");
        return new HostResponse(p.status(), h, p.body());
    }

    private static CompletionStage<HostResponse> done(HostResponse r) { return CompletableFuture.completedFuture(r); }

    @Override
    public void close() {
        rings.values().forEach(PartRing::close);
        renderer.shutdownNow();
    }

    @Override
    public String toString() { return String.format(Locale.ROOT, "LowLatencyOrigin[rings=%d, held=%d]", rings.size(), held.get()); }
}
