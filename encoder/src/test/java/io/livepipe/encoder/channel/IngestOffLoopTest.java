package io.livepipe.encoder.channel;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 1 with real peers: FFmpeg publishers over RTMP (Netty), the real segment writer
 * on a file store wrapped so that one channel's writes stall. Eleven channels publish one
 * recorded source at its own pace ({@code -re}, stream copy, so eleven publishers fit on a small
 * machine); the other channels' segments are stored as their media time passes while one
 * channel's store hangs, and the stalled channel catches up without losing anything.
 */
class IngestOffLoopTest {
    static final double SOURCE_SECONDS = 12;
    @TempDir
    static Path shared;
    static Path source;
    @TempDir
    Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer;
    ChannelService channels;
    ChannelIngest ingest;
    RtmpServer server;
    StallingStore media;
    int port;

    /** One recorded contribution (2 s GOPs, AAC), published by every FFmpeg with -c copy. */
    @BeforeAll
    static void recordSource() throws Exception {
        source = shared.resolve("source.flv");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Double.toString(SOURCE_SECONDS), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-b:v", "400k",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", source.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "source recorded");
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
        ArchivingSink archive = new ArchivingSink(media, channels::findByName, "veryfast", (c, r, code) -> { });
        ingest = new ChannelIngest(channels, publisher, factory, Clock.systemUTC(), archive, timer,
                Duration.ofSeconds(20), Duration.ofMillis(500), limits);
        server = new RtmpServer(ingest, RtmpLimits.defaults());
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (ingest != null) ingest.close();
        if (timer != null) timer.shutdownNow();
    }

    Process publish(String key) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(),
                "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/" + key)
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

    @Test
    void aStoreStalledFiveSecondsForOneChannelDelaysNoSegmentOfTenOthersAndLosesNothing() throws Exception {
        start(StageLimits.defaults());
        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String name = "ch" + i;
            CreatedChannel c = channels.create(name, new ChannelSpec(null, null, null, null, null, null, null, null));
            channels.start(name);
            names.add(name);
            keys.add(c.streamKey());
        }
        List<Process> publishers = new ArrayList<>();
        for (String k : keys) publishers.add(publish(k));
        // Once every channel has its first segment stored, ch0's store hangs for 5 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && names.stream().anyMatch(n -> fragments(n, "video").isEmpty())) Thread.sleep(50);
        media.stall(SegmentName.runPrefix("ch0", channels.get("ch0").runId()), Duration.ofSeconds(5));

        for (Process p : publishers) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "publisher finished");
            assertEquals(0, p.exitValue(), "no publisher was cut");
        }
        awaitDisconnects(11);
        awaitStagesIdle(names);

        List<String> reference = timeline(fragments("ch1", "video"));
        List<String> referenceAudio = timeline(fragments("ch1", "audio"));
        double stored = fragments("ch1", "video").get(reference.size() - 1).endSeconds();
        assertTrue(Math.abs(stored - SOURCE_SECONDS) < 0.2, "the whole source is stored: " + stored + " s");
        long worstOthers = 0;
        for (String n : names) {
            List<Stored> video = fragments(n, "video");
            List<Stored> audio = fragments(n, "audio");
            assertContiguous(n + " video", video);
            assertContiguous(n + " audio", audio);
            assertEquals(reference, timeline(video), n + ": every video sample stored, as in every other channel");
            assertEquals(referenceAudio, timeline(audio), n + ": every audio sample stored, as in every other channel");
            if (!n.equals("ch0")) worstOthers = Math.max(worstOthers, maxLatenessMs(video));
        }
        long stalled = maxLatenessMs(fragments("ch0", "video"));
        System.out.println("figure=segment_lateness_ms stalled_channel=" + stalled + " worst_other_channel=" + worstOthers);
        assertTrue(stalled >= 3_000, "the stall was real and the measure sees it: " + stalled + " ms");
        assertTrue(worstOthers < 1_500, "no other channel's segment was delayed: worst " + worstOthers + " ms");
        assertTrue(events.stream().noneMatch(e -> e.eventType().equals(MediaEventTypes.INCOMING_DATA_CHUNK_DROPPED)));
    }

    @Test
    void aFullStageStopsReadingSoTcpSlowsThePublisherAndNothingIsLost() throws Exception {
        // A stage of 64 KiB: a 4 s stall at ~60 KB/s passes its high mark, reading stops, the encoder waits.
        start(StageLimits.defaults().withHighWater(64 << 10, 3_000).withStallTimeout(Duration.ofSeconds(15)));
        CreatedChannel slow = channels.create("slow", new ChannelSpec(null, null, null, null, null, null, null, null));
        CreatedChannel fast = channels.create("fast", new ChannelSpec(null, null, null, null, null, null, null, null));
        channels.start("slow");
        channels.start("fast");
        Process a = publish(slow.streamKey());
        Process b = publish(fast.streamKey());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && fragments("slow", "video").isEmpty()) Thread.sleep(50);
        media.stall(SegmentName.runPrefix("slow", channels.get("slow").runId()), Duration.ofSeconds(4));
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), "the slowed publisher was not cut");
        awaitDisconnects(2);
        awaitStagesIdle(List.of("slow", "fast"));

        long peak = ingest.stageBytes("slow")[1];
        System.out.println("figure=stage_peak_bytes high_water=" + (64 << 10) + " peak=" + peak);
        assertTrue(peak > 64 << 10, "the stage passed its high mark: " + peak);
        assertTrue(peak < 1 << 20, "reading stopped near the mark (one read beyond it at most): " + peak);
        assertEquals(timeline(fragments("fast", "video")), timeline(fragments("slow", "video")), "every video sample stored");
        assertEquals(timeline(fragments("fast", "audio")), timeline(fragments("slow", "audio")), "every audio sample stored");
        assertContiguous("slow video", fragments("slow", "video"));
    }

    @Test
    void aStageFullPastTheStallTimeoutCutsThePublisherWithAClearEventAndKeepsWhatItAccepted() throws Exception {
        start(StageLimits.defaults().withHighWater(64 << 10, 3_000).withStallTimeout(Duration.ofSeconds(2)));
        CreatedChannel c = channels.create("jam", new ChannelSpec(null, null, null, null, null, null, null, null));
        channels.start("jam");
        Process p = publish(c.streamKey());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && fragments("jam", "video").isEmpty()) Thread.sleep(50);
        media.stall(SegmentName.runPrefix("jam", channels.get("jam").runId()), Duration.ofSeconds(6));
        awaitDisconnects(1);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<EventGridEvent> gone = events.stream().filter(e -> e.eventType().equals(MediaEventTypes.ENCODER_DISCONNECTED)).toList();
        assertEquals(1, gone.size());
        var data = com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(gone.get(0))).get(0).getData()
                .toObject(MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("MPE_INGEST_BITRATE_AGGREGATED_EXCEEDED", data.getResultCode());
        awaitStagesIdle(List.of("jam"));
        long peak = ingest.stageBytes("jam")[1];
        assertTrue(peak < 1 << 20, "bounded while cut: " + peak);
        List<Stored> video = fragments("jam", "video");
        assertContiguous("jam video", video);
        assertFalse(video.isEmpty());
        double end = video.get(video.size() - 1).endSeconds();
        assertTrue(end < SOURCE_SECONDS - 1, "the publisher was cut before the end: " + end);
        assertTrue(media.stored.keySet().stream().filter(k -> k.contains("/video/")).count() >= video.size());
        System.out.println("figure=cut_after_stall stored_until_s=" + end + " peak_bytes=" + peak
                + " fragments=" + video.stream().map(s -> s.name().sequence()).collect(Collectors.toList()));
    }
}
