package io.livepipe.tests.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
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
 * <p>JDK only: it runs as a single source file,
 * {@code java ViewerLoad.java URL VIEWERS SECONDS}, from the benchmark, and from the bounded test.
 * Prints one line: {@code viewers=… seconds=… playlists=… segments=… errors=… segment_mbps=…
 * playlist_p50_ms=… playlist_p99_ms=… segment_p50_ms=… segment_p99_ms=… stalled_viewers=…}, where
 * an error is any answer but 200 or a failed connection, and a stalled viewer is one that fetched
 * fewer segments than the run's length lets a player fetch (a quarter of the run's target durations).
 *
 * <p>Its HTTP/1.1 client is its own ({@link Wire}): one selector thread, a keep-alive connection
 * per track (a player's playlist and the segments it names go one after the other, as hls.js
 * loads them), each byte of a segment counted and dropped as it arrives. The JDK's
 * {@code java.net.http} client, used before, spent about four CPU seconds for each one the server
 * under test spent (its pool, futures and body subscribers per request) on the same two cores,
 * so the run measured the generator's queueing more than either server.
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
    private final Wire wire;
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
        this.wire = new Wire();
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
        Wire.Connection setup = wire.connect(multivariant);
        String master = body(setup.get(multivariant, true).join(), multivariant);
        List<URI> variants = new ArrayList<>();
        List<URI> audio = new ArrayList<>();
        parseMultivariant(master, variants, audio);
        variants.replaceAll(multivariant::resolve);
        audio.replaceAll(multivariant::resolve);
        if (variants.isEmpty()) variants.add(multivariant); // a media playlist given directly
        int target = targetDurationOf(body(setup.get(variants.get(0), true).join(), variants.get(0)));
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
        wire.close();
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
        /** Written on reloads, read by the video track's next reload: both on the client's threads. */
        volatile int variant;
        int reloads;
        final java.util.concurrent.atomic.AtomicInteger segments = new java.util.concurrent.atomic.AtomicInteger();

        Viewer(int id, List<URI> variants, URI audio) {
            this.id = id;
            this.variants = variants;
            this.audio = audio;
            this.variant = id % variants.size();
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
        final Wire.Connection connection;
        URI current;

        Track(Viewer viewer, java.util.function.Supplier<URI> playlist) {
            this.viewer = viewer;
            this.playlist = playlist;
            this.connection = wire.connect(multivariant);
        }

        void reload() {
            if (System.nanoTime() > deadline) return;
            URI uri = playlist.get();
            long t0 = System.nanoTime();
            connection.get(uri, true).whenComplete((r, e) -> {
                if (ok(r, e, uri)) {
                    playlistNanos.add(System.nanoTime() - t0);
                    String body = new String(r.body(), StandardCharsets.UTF_8);
                    int target = targetDurationOf(body);
                    List<URI> fresh = newSegments(uri, body);
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
            return connection.get(uri, false)
                    .handle((r, e) -> {
                        if (ok(r, e, uri)) {
                            segmentNanos.add(System.nanoTime() - t0);
                            segmentBytes.addAndGet(r.bytes());
                            viewer.segments.incrementAndGet();
                        }
                        return null;
                    }).thenCompose(x -> fetchInTurn(segments, i + 1));
        }
    }

    private String body(Wire.Response r, URI uri) {
        if (r.status() != 200) throw new IllegalStateException(uri + ": HTTP " + r.status());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private boolean ok(Wire.Response r, Throwable e, URI uri) {
        if (e == null && r.status() == 200) return true;
        errors.incrementAndGet();
        if (errorSamples.size() < 20) errorSamples.add(uri.getPath() + ": " + (e != null ? e.toString() : "HTTP " + r.status()));
        return false;
    }

    /**
     * A minimal HTTP/1.1 client on one selector thread: GET only, keep-alive, one request at a
     * time per connection, bodies by {@code Content-Length} or chunked. A connection the server
     * closed while idle is reopened and the request sent once more (as browsers do for an
     * idempotent request); any other failure, a status line it cannot read, or no answer within
     * {@link #TIMEOUT_NANOS}, completes the request exceptionally.
     */
    static final class Wire implements AutoCloseable {
        static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
        private final Selector selector;
        private final Thread thread;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Set<Connection> busy = new java.util.LinkedHashSet<>();
        private long checked = System.nanoTime();
        private final ByteBuffer read = ByteBuffer.allocateDirect(256 * 1024);
        private volatile boolean open = true;

        record Response(int status, byte[] body, long bytes) { }

        Wire() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this::loop, "viewer-load-wire");
            thread.setDaemon(true);
            thread.start();
        }

        Connection connect(URI origin) {
            return new Connection(new InetSocketAddress(origin.getHost(), origin.getPort() < 0 ? 80 : origin.getPort()));
        }

        @Override public void close() {
            open = false;
            selector.wakeup();
        }

        private void loop() {
            while (open) {
                try {
                    selector.select(200);
                    for (Runnable r; (r = tasks.poll()) != null; ) r.run();
                    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey k = it.next();
                        it.remove();
                        ((Connection) k.attachment()).ready(k);
                    }
                    long now = System.nanoTime();
                    if (now - checked > 200_000_000L) { // the oldest requests first: a set in the order they were sent
                        checked = now;
                        for (Connection c : List.copyOf(busy)) {
                            if (now - c.sentAt <= TIMEOUT_NANOS) break;
                            c.fail(new IOException("no answer in 10 s"), false);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        final class Connection {
            private final InetSocketAddress address;
            private SocketChannel channel;
            private SelectionKey key;
            private ByteBuffer request;
            private URI uri;
            private boolean keep;
            private boolean reused;
            private CompletableFuture<Response> pending;
            private long sentAt;
            // the answer being read
            private final StringBuilder line = new StringBuilder();
            private int status = -1;
            private long length = -1;
            private boolean chunked;
            private boolean closeAfter;
            private int state; // 0 status/header lines, 1 body by length, 2 chunk size line, 3 chunk data, 4 chunk CRLF, 5 trailer lines
            private long remaining;
            private long bytes;
            private ByteArrayOutputStream body;
            private boolean anyByte;

            Connection(InetSocketAddress address) { this.address = address; }

            /** GETs {@code uri}; the body is kept when {@code keep}, else only counted. */
            CompletableFuture<Response> get(URI uri, boolean keep) {
                CompletableFuture<Response> f = new CompletableFuture<>();
                tasks.add(() -> start(uri, keep, f));
                selector.wakeup();
                return f;
            }

            private void start(URI uri, boolean keep, CompletableFuture<Response> f) {
                this.uri = uri;
                this.keep = keep;
                this.pending = f;
                String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                request = ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + address.getPort()
                        + "\r\nUser-Agent: livepipe-viewer-load\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                sentAt = System.nanoTime();
                busy.add(this);
                send();
            }

            private void send() {
                status = -1; length = -1; chunked = false; closeAfter = false; state = 0; bytes = 0; anyByte = false;
                line.setLength(0);
                body = keep ? new ByteArrayOutputStream() : null;
                request.rewind();
                try {
                    if (channel == null) {
                        channel = SocketChannel.open();
                        channel.configureBlocking(false);
                        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                        reused = false;
                        key = channel.register(selector, channel.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
                    } else {
                        reused = true;
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                } catch (IOException e) {
                    fail(e, false);
                }
            }

            void ready(SelectionKey k) {
                try {
                    if (k.isConnectable()) {
                        channel.finishConnect();
                        key.interestOps(SelectionKey.OP_WRITE);
                        return;
                    }
                    if (k.isWritable()) {
                        channel.write(request);
                        if (!request.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
                        return;
                    }
                    if (k.isReadable()) readSome();
                } catch (IOException | RuntimeException e) {
                    fail(e, reused && !anyByte);
                }
            }

            private void readSome() throws IOException {
                read.clear();
                int n = channel.read(read);
                if (n < 0) {
                    if (state == 1 && length < 0) { finish(); return; } // a body to the connection's end
                    throw new IOException("connection closed by the server");
                }
                if (pending == null) throw new IOException("bytes without a request");
                anyByte |= n > 0;
                read.flip();
                while (read.hasRemaining() && pending != null) consume();
            }

            private void consume() throws IOException {
                switch (state) {
                    case 0, 2, 4, 5 -> {
                        byte b = read.get();
                        if (b == '\r') return;
                        if (b != '\n') {
                            if (line.length() > 16_384) throw new IOException("a header line over 16 KB");
                            line.append((char) b);
                            return;
                        }
                        String l = line.toString();
                        line.setLength(0);
                        lineRead(l);
                    }
                    case 1, 3 -> {
                        int take = (int) Math.min(read.remaining(), remaining < 0 ? Long.MAX_VALUE : remaining);
                        if (body != null) {
                            byte[] chunk = new byte[take];
                            read.get(chunk);
                            body.write(chunk, 0, take);
                        } else {
                            read.position(read.position() + take);
                        }
                        bytes += take;
                        if (remaining >= 0) remaining -= take;
                        if (remaining == 0) {
                            if (state == 1) finish(); else state = 4;
                        }
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }

            private void lineRead(String l) throws IOException {
                switch (state) {
                    case 0 -> {
                        if (status < 0) {
                            if (!l.startsWith("HTTP/1.") || l.length() < 12) throw new IOException("not an HTTP/1.x status line");
                            status = Integer.parseInt(l.substring(9, 12));
                        } else if (!l.isEmpty()) {
                            int colon = l.indexOf(':');
                            if (colon < 0) return;
                            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT), value = l.substring(colon + 1).trim();
                            if (name.equals("content-length")) length = Long.parseLong(value);
                            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
                            if (name.equals("connection") && value.equalsIgnoreCase("close")) closeAfter = true;
                        } else if (chunked) {
                            state = 2;
                        } else if (length == 0) {
                            finish();
                        } else {
                            state = 1;
                            remaining = length; // -1: to the connection's end
                        }
                    }
                    case 2 -> {
                        int semi = l.indexOf(';');
                        remaining = Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
                        state = remaining == 0 ? 5 : 3;
                    }
                    case 4 -> state = 2;
                    case 5 -> { if (l.isEmpty()) finish(); }
                    default -> throw new IllegalStateException("state " + state);
                }
            }

            private void finish() {
                CompletableFuture<Response> f = pending;
                pending = null;
                busy.remove(this);
                if (closeAfter || (state == 1 && length < 0)) closeChannel();
                else key.interestOps(0);
                f.complete(new Response(status, body == null ? null : body.toByteArray(), bytes));
            }

            /** Ends the request with {@code e}, or sends it once more on a new connection when {@code retry}. */
            void fail(Exception e, boolean retry) {
                closeChannel();
                if (pending == null) return;
                if (retry) {
                    send();
                    return;
                }
                CompletableFuture<Response> f = pending;
                pending = null;
                busy.remove(this);
                f.completeExceptionally(e);
            }

            private void closeChannel() {
                if (channel == null) return;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                channel = null;
                key = null;
            }
        }
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
