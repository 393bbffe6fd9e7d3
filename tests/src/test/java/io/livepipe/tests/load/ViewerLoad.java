package io.livepipe.tests.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A viewer load generator that behaves like HLS players on a live stream: each viewer loads the
 * multivariant playlist, picks a variant (and its audio rendition, if the variant names one),
 * then reloads each media playlist once per target duration and fetches every segment that is
 * new since its last reload, one request at a time per playlist, as a player filling its buffer
 * does; it starts three segments behind the live edge (RFC 8216 §6.3.3). Every fifth viewer
 * switches to another variant every fifth reload where the stream has more than one. Viewers
 * start spread over one target duration so that they do not reload in lockstep.
 *
 * <p>JDK only (java.net.http, asynchronous, a client per 50 viewers): it runs as a single source file,
 * {@code java ViewerLoad.java URL VIEWERS SECONDS}, from the benchmark, and from the bounded test.
 * Prints one line: {@code viewers=… seconds=… playlists=… segments=… errors=… segment_mbps=…
 * playlist_p50_ms=… playlist_p99_ms=… segment_p50_ms=… segment_p99_ms=… stalled_viewers=…}, where
 * an error is any answer but 200 or a failed connection, and a stalled viewer is one that fetched
 * fewer segments than the run's length lets a player fetch (a quarter of the run's target durations).
 */
public final class ViewerLoad {
    /** The figures of one run. */
    public record Result(int viewers, int seconds, long playlists, long segments, long errors, double segmentMbps,
                         double playlistP50Ms, double playlistP99Ms, double segmentP50Ms, double segmentP99Ms,
                         int stalledViewers, List<String> firstErrors) {
        public String line() {
            return String.format(Locale.ROOT, "viewers=%d seconds=%d playlists=%d segments=%d errors=%d segment_mbps=%.1f "
                            + "playlist_p50_ms=%.1f playlist_p99_ms=%.1f segment_p50_ms=%.1f segment_p99_ms=%.1f stalled_viewers=%d",
                    viewers, seconds, playlists, segments, errors, segmentMbps, playlistP50Ms, playlistP99Ms,
                    segmentP50Ms, segmentP99Ms, stalledViewers);
        }
    }

    private final URI multivariant;
    private final int viewers;
    private final Duration length;
    /**
     * A client per {@link #VIEWERS_PER_CLIENT} viewers, each with its own connections: the JDK
     * client's pool keeps its idle connections in a list it walks on every return (linear in the
     * pool), which with thousands of connections in one pool cost the generator more than the
     * requests — most where a player keeps two tracks' connections, as with demuxed audio.
     */
    static final int VIEWERS_PER_CLIENT = 50;
    private final HttpClient[] http;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "viewer-load-clock");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Long> playlistNanos = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> segmentNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong segmentBytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private volatile long deadline;

    public ViewerLoad(URI multivariant, int viewers, Duration length) {
        this.multivariant = multivariant;
        this.viewers = viewers;
        this.length = length;
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "viewer-load-http");
            t.setDaemon(true);
            return t;
        });
        this.http = new HttpClient[Math.max(1, (viewers + VIEWERS_PER_CLIENT - 1) / VIEWERS_PER_CLIENT)];
        for (int i = 0; i < http.length; i++) http[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ViewerLoad MULTIVARIANT_URL VIEWERS SECONDS");
            System.exit(2);
        }
        Result r = new ViewerLoad(URI.create(args[0]), Integer.parseInt(args[1]), Duration.ofSeconds(Long.parseLong(args[2]))).run();
        System.out.println(r.line());
        r.firstErrors().forEach(e -> System.err.println("error: " + e));
    }

    /** Runs every viewer for the run's length and returns the figures. */
    public Result run() throws Exception {
        String master = get(multivariant).join().body();
        List<URI> variants = new ArrayList<>();
        List<URI> audio = new ArrayList<>();
        parseMultivariant(master, variants, audio);
        variants.replaceAll(multivariant::resolve);
        audio.replaceAll(multivariant::resolve);
        if (variants.isEmpty()) variants.add(multivariant); // a media playlist given directly
        int target = targetDurationOf(get(variants.get(0)).join().body());
        long start = System.nanoTime();
        deadline = start + length.toNanos();
        List<Viewer> all = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            Viewer v = new Viewer(i, variants, audio.isEmpty() ? null : audio.get(i % audio.size()));
            all.add(v);
            long delay = (long) target * 1000 * i / Math.max(1, viewers);
            clock.schedule(v::begin, delay, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(length.toMillis() + 2000);
        clock.shutdownNow();
        double secs = (System.nanoTime() - start) / 1e9;
        int minimum = Math.max(1, (int) (length.toSeconds() / target / 4));
        int stalled = (int) all.stream().filter(v -> v.segments.get() < minimum).count();
        return new Result(viewers, (int) length.toSeconds(), playlistNanos.size(), segmentNanos.size(), errors.get(),
                segmentBytes.get() * 8 / 1e6 / secs, percentileMs(playlistNanos, 50), percentileMs(playlistNanos, 99),
                percentileMs(segmentNanos, 50), percentileMs(segmentNanos, 99), stalled, errorSamples.stream().limit(5).toList());
    }

    /** One player: a video playlist (maybe switched) and, with demuxed audio, an audio playlist. */
    private final class Viewer {
        final int id;
        final List<URI> variants;
        final URI audio;
        final HttpClient http;
        /** Written on reloads, read by the video track's next reload: both on the client's threads. */
        volatile int variant;
        int reloads;
        final java.util.concurrent.atomic.AtomicInteger segments = new java.util.concurrent.atomic.AtomicInteger();

        Viewer(int id, List<URI> variants, URI audio) {
            this.id = id;
            this.variants = variants;
            this.audio = audio;
            this.variant = id % variants.size();
            this.http = ViewerLoad.this.http[id % ViewerLoad.this.http.length];
        }

        void begin() {
            new Track(this, () -> variants.get(variant)).reload();
            if (audio != null) new Track(this, () -> audio).reload();
        }

        /** Both tracks of a viewer report their reloads, from whichever client thread completed them. */
        synchronized void reloaded() {
            reloads++;
            if (id % 5 == 0 && variants.size() > 1 && reloads % 5 == 0) variant = (variant + 1) % variants.size();
        }
    }

    /** One media playlist of a viewer: reloads and the segments still to fetch. */
    private final class Track {
        final Viewer viewer;
        final java.util.function.Supplier<URI> playlist;
        final Set<String> fetched = new HashSet<>();
        URI current;

        Track(Viewer viewer, java.util.function.Supplier<URI> playlist) {
            this.viewer = viewer;
            this.playlist = playlist;
        }

        void reload() {
            if (System.nanoTime() > deadline) return;
            URI uri = playlist.get();
            long t0 = System.nanoTime();
            get(viewer.http, uri).whenComplete((r, e) -> {
                if (ok(r, e, uri)) {
                    playlistNanos.add(System.nanoTime() - t0);
                    int target = targetDurationOf(r.body());
                    List<URI> fresh = newSegments(uri, r.body());
                    viewer.reloaded();
                    fetchInTurn(fresh, 0).whenComplete((x, y) -> scheduleReload(t0, target));
                    return;
                }
                scheduleReload(t0, 2);
            });
        }

        void scheduleReload(long startedAt, int target) {
            long waited = (System.nanoTime() - startedAt) / 1_000_000;
            try {
                clock.schedule(this::reload, Math.max(0, target * 1000L - waited), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException over) {
                // the run ended
            }
        }

        List<URI> newSegments(URI base, String body) {
            List<String> uris = Arrays.stream(body.split("\n")).map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            // a first load starts three segments from the live edge; after a switch, at the live edge
            int from = Math.max(0, base.equals(current) ? 0 : uris.size() - (current == null ? 3 : 1));
            if (!base.equals(current)) fetched.addAll(uris.subList(0, from)); // behind where playback starts: never fetched
            current = base;
            List<URI> out = new ArrayList<>();
            for (String u : uris.subList(from, uris.size())) {
                if (fetched.add(u)) out.add(base.resolve(u));
            }
            if (fetched.size() > 4096) fetched.retainAll(new HashSet<>(uris)); // bounded over a long run
            return out;
        }

        CompletableFuture<Void> fetchInTurn(List<URI> segments, int i) {
            if (i >= segments.size() || System.nanoTime() > deadline) return CompletableFuture.completedFuture(null);
            URI uri = segments.get(i);
            long t0 = System.nanoTime();
            return viewer.http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), COUNTED)
                    .handle((r, e) -> {
                        if (ok(r, e, uri)) {
                            segmentNanos.add(System.nanoTime() - t0);
                            segmentBytes.addAndGet(r.body());
                            viewer.segments.incrementAndGet();
                        }
                        return null;
                    }).thenCompose(x -> fetchInTurn(segments, i + 1));
        }
    }

    /**
     * A segment's body read whole and counted, not kept: a player reads every byte too, but
     * gathering them into one array per segment cost the generator CPU the server under test
     * shares (both servers are fetched the same way).
     */
    private static final HttpResponse.BodyHandler<Long> COUNTED = info -> HttpResponse.BodySubscribers.fromSubscriber(new Counter(), c -> c.bytes);

    private static final class Counter implements java.util.concurrent.Flow.Subscriber<List<java.nio.ByteBuffer>> {
        long bytes;

        @Override public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(Long.MAX_VALUE); }

        @Override public void onNext(List<java.nio.ByteBuffer> buffers) { for (java.nio.ByteBuffer b : buffers) bytes += b.remaining(); }

        @Override public void onError(Throwable t) { }

        @Override public void onComplete() { }
    }

    private CompletableFuture<HttpResponse<String>> get(URI uri) { return get(http[0], uri); }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient http, URI uri) {
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean ok(HttpResponse<?> r, Throwable e, URI uri) {
        if (e == null && r.statusCode() == 200) return true;
        errors.incrementAndGet();
        if (errorSamples.size() < 20) errorSamples.add(uri.getPath() + ": " + (e != null ? e.toString() : "HTTP " + r.statusCode()));
        return false;
    }

    /** The variant URIs ({@code EXT-X-STREAM-INF}) and audio renditions ({@code EXT-X-MEDIA TYPE=AUDIO ... URI}). */
    static void parseMultivariant(String body, List<URI> variants, List<URI> audio) {
        String[] lines = body.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.startsWith("#EXT-X-STREAM-INF") && i + 1 < lines.length) variants.add(URI.create(lines[++i].trim()));
            if (l.startsWith("#EXT-X-MEDIA:") && l.contains("TYPE=AUDIO")) {
                int at = l.indexOf("URI=\"");
                if (at >= 0) audio.add(URI.create(l.substring(at + 5, l.indexOf('"', at + 5))));
            }
        }
    }

    static int targetDurationOf(String body) {
        for (String l : body.split("\n")) {
            if (l.startsWith("#EXT-X-TARGETDURATION:")) return Math.max(1, Integer.parseInt(l.substring(22).trim()));
        }
        return 2;
    }

    static double percentileMs(java.util.Collection<Long> nanos, int p) {
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (a.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, i))] / 1e6;
    }
}
