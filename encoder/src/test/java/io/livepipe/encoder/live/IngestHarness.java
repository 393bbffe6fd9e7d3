package io.livepipe.encoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderDisconnectedEventData;
import io.livepipe.archive.SegmentName;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.CreatedChannel;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.encoder.rtmp.RtmpLimits;
import io.livepipe.encoder.rtmp.RtmpServer;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Test harness: the channel runtime (ChannelIngest, ArchivingSink, the real segment writer) on
 * RTMP (Netty) with a file store that can stall, and FFmpeg publishers of one recording. Used
 * by IngestOffLoopTest and RedundantIngestTest.
 *
 * <p>Issue 11 item 1 with real peers: FFmpeg publishers over RTMP (Netty), the real segment writer
 * on a file store wrapped so that one channel's writes stall. Eleven channels publish one
 * recorded source at its own pace ({@code -re}, stream copy, so eleven publishers fit on a small
 * machine); the other channels' segments are stored as their media time passes while one
 * channel's store hangs, and the stalled channel catches up without losing anything.
 */
final class IngestHarness implements AutoCloseable {
    static final double SOURCE_SECONDS = 12;
    final Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer;
    ChannelService channels;
    ChannelIngest ingest;
    RtmpServer server;
    StallingStore media;
    int port;

    IngestHarness(Path root) { this.root = root; }

    /** One recorded contribution (2 s GOPs, AAC) of {@code seconds}, published by FFmpeg with -c copy. */
    static Path record(Path dir, double seconds) throws Exception {
        Path source = dir.resolve("source.flv");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Double.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-b:v", "400k",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", source.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "source recorded");
        return source;
    }

    /** A real file store whose writes under one prefix hang until a deadline, recording when each write landed. */
    static final class StallingStore implements BlobStore {
        final BlobStore inner;
        final Map<String, Long> stored = new ConcurrentHashMap<>();
        volatile String stalledPrefix;
        volatile long stallUntilNanos;

        StallingStore(BlobStore inner) { this.inner = inner; }

        void stall(String prefix, Duration d) {
            stallUntilNanos = System.nanoTime() + d.toNanos();
            stalledPrefix = prefix;
        }

        @Override public String backend() { return inner.backend(); }

        @Override
        public BlobProperties put(String path, byte[] data, PutOptions options) {
            String p = stalledPrefix;
            if (p != null && path.startsWith(p)) {
                long wait;
                while ((wait = stallUntilNanos - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            BlobProperties b = inner.put(path, data, options);
            stored.put(path, System.nanoTime());
            return b;
        }

        @Override public Optional<Blob> get(String path) { return inner.get(path); }
        @Override public Optional<Blob> getRange(String path, long offset, long length) { return inner.getRange(path, offset, length); }
        @Override public Optional<BlobProperties> properties(String path) { return inner.properties(path); }
        @Override public List<BlobProperties> list(String prefix) { return inner.list(prefix); }
        @Override public boolean delete(String path, Condition condition) { return inner.delete(path, condition); }
    }

    void start(StageLimits limits) throws Exception {
        FileBlobStore state = new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC());
        media = new StallingStore(new FileBlobStore(root, "media", EventPublisher.none(), Clock.systemUTC()));
        EventFactory factory = new EventFactory("/t", Clock.systemUTC());
        EventPublisher publisher = events::addAll;
        channels = new ChannelService(new JsonDocuments(state), publisher, factory, Clock.systemUTC(), new SecureRandom(),
                (n, k) -> IngestEndpoints.of("127.0.0.1", port, 7071, n, k));
        timer = Executors.newSingleThreadScheduledExecutor();
        ChannelLeases leases = new ChannelLeases(state, "replica-test", ChannelLeases.DEFAULT_DURATION, Clock.systemUTC()).start(timer);
        ArchivingSink archive = new ArchivingSink(media, channels::findByName, "veryfast", (c, r, code) -> { }, leases);
        ingest = new ChannelIngest(channels, publisher, factory, Clock.systemUTC(), archive, timer,
                Duration.ofSeconds(20), Duration.ofMillis(500), limits, leases);
        server = new RtmpServer(ingest, RtmpLimits.defaults());
        port = server.start("127.0.0.1", 0);
    }

    @Override
    public void close() {
        if (server != null) server.close();
        if (ingest != null) ingest.close();
        if (timer != null) timer.shutdownNow();
    }

    Process publish(Path source, String key) throws Exception { return publish(source, "live", key); }

    /** FFmpeg sends the recording at its pace to {@code rtmp://.../{app}/{key}}. */
    Process publish(Path source, String app, String key) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(),
                "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + app + "/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** One stored fragment and when its write completed. */
    record Stored(SegmentName name, long storedNanos) {
        double endSeconds() { return (double) (name.decodeTime() + name.duration()) / name.timescale(); }
    }

    List<Stored> fragments(String channel, String rendition) {
        String prefix = SegmentName.runPrefix(channel, channels.get(channel).runId()) + rendition + "/";
        return media.inner.list(prefix).stream().map(b -> SegmentName.parse(b.path()).orElseThrow())
                .filter(n -> !n.init())
                .map(n -> new Stored(n, media.stored.getOrDefault(n.path(), 0L)))
                .sorted((a, b) -> Long.compare(a.name().sequence(), b.name().sequence())).toList();
    }

    /** The (sequence, decode time, duration) of every fragment: what must be identical across channels. */
    static List<String> timeline(List<Stored> fs) {
        return fs.stream().map(f -> f.name().sequence() + "@" + f.name().decodeTime() + "+" + f.name().duration()).toList();
    }

    /**
     * How late a fragment was stored, against its media time: the wall time since the channel's
     * first fragment minus the media time since it. Publishers run at media pace ({@code -re}).
     */
    static long maxLatenessMs(List<Stored> fs) {
        Stored first = fs.get(0);
        long worst = 0;
        for (Stored f : fs) {
            double wall = (f.storedNanos() - first.storedNanos()) / 1e9;
            double mediaTime = f.endSeconds() - first.endSeconds();
            worst = Math.max(worst, Math.round((wall - mediaTime) * 1000));
        }
        return worst;
    }

    static void assertContiguous(String what, List<Stored> fs) {
        for (int i = 1; i < fs.size(); i++) {
            SegmentName a = fs.get(i - 1).name();
            SegmentName b = fs.get(i).name();
            assertEquals(a.sequence() + 1, b.sequence(), what + ": sequence after " + a.path());
            assertEquals(a.decodeTime() + a.duration(), b.decodeTime(), what + ": no gap after " + a.path());
        }
    }

    void awaitDisconnects(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline
                && events.stream().filter(e -> e.eventType().equals(MediaEventTypes.ENCODER_DISCONNECTED)).count() < n) {
            Thread.sleep(50);
        }
    }

    void awaitStagesIdle(List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && names.stream().anyMatch(n -> ingest.stageBytes(n)[0] > 0)) Thread.sleep(50);
        Thread.sleep(500);
    }

    CreatedChannel running(String name) {
        CreatedChannel c = channels.create(name, new ChannelSpec(null, null, null, null, null, null, null, null));
        channels.start(name);
        return c;
    }

    List<EventGridEvent> ofType(String type) { return events.stream().filter(e -> e.eventType().equals(type)).toList(); }

    void awaitEvent(String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && ofType(type).size() < count) Thread.sleep(10);
    }

    void awaitFirstFragment(String channel) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && fragments(channel, "video").isEmpty()) Thread.sleep(50);
    }
}
