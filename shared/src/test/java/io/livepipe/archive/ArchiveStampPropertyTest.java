package io.livepipe.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ArchiveStamp under at-least-once, unordered delivery: every BlobCreated delivered twice,
 * shuffled, to two concurrent consumers gives the same timeline bytes as in-order single
 * delivery; and a live program keeps exactly its archive window.
 */
class ArchiveStampPropertyTest {
    static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    @TempDir
    Path dir;

    ArchiveService archive(Path root) {
        Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
        JsonDocuments docs = new JsonDocuments(new FileBlobStore(root, "state", EventPublisher.none(), fixed));
        EventFactory f = new EventFactory("/t", fixed);
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), f, fixed, new SecureRandom(),
                (n, k) -> IngestEndpoints.of("h", 1, 2, n, k));
        channels.create("ch", new ChannelSpec(null, null, null, null, null, null, null, null));
        return new ArchiveService(docs, channels, EventPublisher.none(), f, fixed);
    }

    /** 3 minutes of 2-second segments of two renditions, created in real time, and their inits. */
    static List<EventGridEvent> events() {
        List<EventGridEvent> out = new ArrayList<>();
        long seq = 0;
        for (String r : List.of("video", "audio")) {
            out.add(created(SegmentName.init("ch", "run1", r), T0.plusMillis(100)));
        }
        for (int i = 0; i < 90; i++) {
            seq++;
            Instant at = T0.plusSeconds(2L * i + 2);
            out.add(created(new SegmentName("ch", "run1", "video", false, seq, i * 180_000L, 180_000, 90_000, true, false), at));
            out.add(created(new SegmentName("ch", "run1", "audio", false, seq, i * 96_000L, 96_000, 48_000, true, false), at.plusMillis(3)));
        }
        return out;
    }

    static EventGridEvent created(SegmentName n, Instant at) {
        BlobProperties p = new BlobProperties(n.path(), 1000, "\"e\"", "video/mp4", Map.of(), at);
        return BlobCreatedEvents.create("acct", "media", "http://x/" + n.path(), p, 1, at);
    }

    byte[] timeline(ArchiveService a) throws Exception {
        return JSON.writeValueAsBytes(a.asset("rec").renditions());
    }

    @Test
    void duplicatedShuffledConcurrentDeliveryGivesTheSameTimeline() throws Exception {
        ArchiveService inOrder = archive(dir.resolve("a"));
        inOrder.start("ch", "p", "rec", Duration.ofMinutes(1));
        for (EventGridEvent e : events()) inOrder.stamp(e);
        byte[] expected = timeline(inOrder);

        for (int seed = 0; seed < 5; seed++) {
            ArchiveService chaos = archive(dir.resolve("b" + seed));
            chaos.start("ch", "p", "rec", Duration.ofMinutes(1));
            List<EventGridEvent> twice = new ArrayList<>(events());
            twice.addAll(events());
            Collections.shuffle(twice, new Random(seed));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int half = 0; half < 2; half++) {
                    List<EventGridEvent> mine = twice.subList(half * twice.size() / 2, (half + 1) * twice.size() / 2);
                    fs.add(pool.submit(() -> { for (EventGridEvent e : mine) chaos.stamp(e); }));
                }
                for (Future<?> f : fs) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertArrayEquals(expected, timeline(chaos), "seed " + seed);
        }
    }

    @Test
    void liveProgramKeepsExactlyItsArchiveWindow() {
        ArchiveService a = archive(dir.resolve("w"));
        a.start("ch", "p", "rec", Duration.ofMinutes(1));
        for (EventGridEvent e : events()) a.stamp(e);
        Asset asset = a.asset("rec");
        List<Asset.Entry> video = asset.renditions().get("video").segments();
        Instant newest = video.get(video.size() - 1).created();
        assertEquals(T0.plusSeconds(180), newest);
        List<Asset.Entry> audio = asset.renditions().get("audio").segments();
        Instant newestOverall = audio.get(audio.size() - 1).created();
        assertEquals(T0.plusSeconds(180).plusMillis(3), newestOverall);
        assertEquals(30, video.size(), "video segments created at 122 s .. 180 s: within a minute of the newest (audio, 180.003 s)");
        assertTrue(video.stream().allMatch(e -> !e.created().isBefore(newestOverall.minus(Duration.ofMinutes(1)))));
        assertEquals(Map.of("run1", SegmentName.init("ch", "run1", "video").path()), asset.renditions().get("video").initByRun());
    }

    @Test
    void stampingIsIdempotentAndIgnoresOtherBlobs() {
        ArchiveService a = archive(dir.resolve("i"));
        a.start("ch", "p", "rec", Duration.ofHours(1));
        EventGridEvent e = events().get(2);
        assertEquals(1, a.stamp(e));
        assertEquals(0, a.stamp(e));
        BlobProperties other = new BlobProperties("not/a/segment.bin", 1, "\"e\"", "x", Map.of(), T0);
        assertEquals(0, a.stamp(BlobCreatedEvents.create("acct", "media", "u", other, 1, T0)));
    }

    @Test
    void stoppingSealsAsVodAndLateSegmentsFromBeforeTheStopStillLand() {
        ArchiveService a = archive(dir.resolve("s"));
        a.start("ch", "p", "rec", Duration.ofHours(1));
        List<EventGridEvent> all = events();
        for (EventGridEvent e : all.subList(0, 20)) a.stamp(e);
        Program p = a.stop("ch", "p");
        assertEquals(Program.STOPPED, p.state());
        assertEquals(Asset.VOD, a.asset("rec").state());
        int before = a.asset("rec").renditions().get("video").segments().size();
        // Segments created after the stop (the clock is fixed at T0, so all are after it) are not stamped.
        for (EventGridEvent e : all.subList(20, 40)) a.stamp(e);
        assertEquals(before, a.asset("rec").renditions().get("video").segments().size());
        assertEquals(Program.STOPPED, a.stop("ch", "p").state(), "stopping twice is harmless");
    }
}
