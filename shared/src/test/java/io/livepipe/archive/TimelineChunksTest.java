package io.livepipe.archive;

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
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timelines kept as chunks: what ArchiveService assembles from chunks stamped in any order, twice
 * over, is the timeline the whole-document fold of the same segments in order gave (several
 * chunks, two runs, a reconnect, an init version, a sliding window); a stamp writes one chunk
 * however long the timeline; documents written before chunks keep playing and grow; deleting an
 * asset takes its chunks with it.
 */
class TimelineChunksTest {
    static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    @TempDir
    Path dir;
    JsonDocuments docs;
    final AtomicLong bytesWritten = new AtomicLong();

    ArchiveService archive(Path root) {
        Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
        BlobStore file = new FileBlobStore(root, "state", EventPublisher.none(), fixed);
        BlobStore counting = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("put")) bytesWritten.addAndGet(((byte[]) args[1]).length);
                    try {
                        return method.invoke(file, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        docs = new JsonDocuments(counting);
        EventFactory f = new EventFactory("/t", fixed);
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), f, fixed, new SecureRandom(),
                (n, k) -> IngestEndpoints.of("h", 1, 2, n, k));
        channels.create("ch", new ChannelSpec(null, null, null, null, null, null, null, null));
        return new ArchiveService(docs, channels, EventPublisher.none(), f, fixed);
    }

    /** A segment and when the store created it. */
    record Stamp(SegmentName name, Instant created) {
        EventGridEvent event() {
            BlobProperties p = new BlobProperties(name.path(), 1000, "\"e\"", "video/mp4", Map.of(), created);
            return BlobCreatedEvents.create("acct", "media", "http://x/" + name.path(), p, 1000, created);
        }
    }

    /**
     * Run 1: 600 two-second segments of video and audio (three chunks), the encoder reconnecting
     * at 300 (a gap, flagged d); run 2: 100 more, coming back with another codec configuration
     * (init version 1) from its 50th. Inits first, then segments in creation order.
     */
    static List<Stamp> recording() {
        List<Stamp> out = new ArrayList<>();
        Instant at = T0;
        for (String r : List.of("video", "audio")) out.add(new Stamp(SegmentName.init("ch", "run1", r), T0.plusMillis(50)));
        for (int i = 0; i < 700; i++) {
            String run = i < 600 ? "run1" : "run2";
            long seq = i < 600 ? i + 1 : i - 599;
            boolean reconnect = i == 300;
            if (reconnect) at = at.plusSeconds(7);
            if (i == 600) at = at.plusSeconds(30);
            at = at.plusSeconds(2);
            int version = run.equals("run2") && seq >= 50 ? 1 : 0;
            long n = i < 600 ? i : i - 600;
            out.add(new Stamp(new SegmentName("ch", run, "video", false, seq, n * 180_000L + (i >= 300 && i < 600 ? 630_000 : 0), 180_000, 90_000,
                    true, reconnect, version), at));
            out.add(new Stamp(new SegmentName("ch", run, "audio", false, seq, n * 96_000L + (i >= 300 && i < 600 ? 336_000 : 0), 96_000, 48_000,
                    true, reconnect, version), at.plusMillis(3)));
        }
        return out;
    }

    static Asset foldInOrder(Asset a, List<Stamp> stamps) {
        for (Stamp s : stamps) a = Timelines.stamp(a, s.name(), s.created(), 1000);
        return a;
    }

    static byte[] bytes(Asset a) throws Exception { return JSON.writeValueAsBytes(a.renditions()); }

    @Test
    void chunksStampedInAnyOrderAssembleToTheTimelineTheWholeDocumentFoldGave() throws Exception {
        for (Duration window : List.of(Duration.ofHours(1), Duration.ofMinutes(10))) {
            ArchiveService chunked = archive(dir.resolve("c" + window.toMinutes()));
            chunked.start("ch", "p", "rec", window);
            Asset expected = foldInOrder(chunked.asset("rec"), recording());
            List<Stamp> twice = new ArrayList<>(recording());
            twice.addAll(recording());
            Collections.shuffle(twice, new Random(window.toMinutes()));
            for (Stamp s : twice) chunked.stamp(s.event());
            Asset got = chunked.asset("rec");
            assertTrue(got.renditions().get("video").segments().size() > 256 || window.toMinutes() == 10, "several chunks listed");
            assertEquals(new String(bytes(expected)), new String(bytes(got)), "window " + window);
            assertEquals(expected.durationSeconds(), got.durationSeconds());
        }
    }

    @Test
    void aStampWritesOneChunkHoweverLongTheTimelineGrows() {
        ArchiveService a = archive(dir.resolve("o1"));
        a.start("ch", "p", "rec", Duration.ofHours(25));
        List<Stamp> all = recording().stream().filter(s -> s.name().rendition().equals("video") && !s.name().init()).toList();
        long most = 0;
        for (Stamp s : all) {
            long before = bytesWritten.get();
            assertEquals(1, a.stamp(s.event()));
            most = Math.max(most, bytesWritten.get() - before);
        }
        long whole = size(a.asset("rec"));
        System.out.printf("timeline chunks: %d segments, whole timeline %d bytes, most one stamp wrote %d bytes%n",
                all.size(), whole, most);
        assertTrue(most <= whole / 2, "a stamp writes one chunk (" + most + " bytes), not the timeline (" + whole + " bytes)");
        assertTrue(most < 256 * 400, "one chunk of at most 256 entries: " + most);
    }

    static long size(Asset a) {
        try {
            return bytes(a).length;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAssetWrittenBeforeChunksKeepsPlayingAndGrowsInChunks() throws Exception {
        ArchiveService a = archive(dir.resolve("m"));
        a.start("ch", "p", "rec", Duration.ofHours(1));
        List<Stamp> all = recording();
        int half = all.size() / 2;
        // the asset document as ArchiveStamp wrote it before chunks: the whole timeline in it
        docs.update("assets/rec.json", Asset.class, cur -> foldInOrder(cur.orElseThrow(), all.subList(0, half)));
        assertEquals(new String(bytes(foldInOrder(a.asset("rec"), List.of()))), new String(bytes(a.asset("rec"))));
        for (Stamp s : all.subList(half, all.size())) a.stamp(s.event());
        Asset header = docs.read("assets/rec.json", Asset.class).orElseThrow().value();
        Asset expected = foldInOrder(new Asset(header.name(), header.channel(), header.program(), header.archiveWindow(),
                header.state(), header.created(), header.sealed(), Map.of()), all);
        assertEquals(new String(bytes(expected)), new String(bytes(a.asset("rec"))));
        a.stop("ch", "p");
        assertEquals(Asset.VOD, a.asset("rec").state());
        assertEquals(new String(bytes(expected)), new String(bytes(a.asset("rec"))), "sealing keeps both forms");
    }

    @Test
    void deletingAnAssetDeletesItsChunksAndTheNameRecordedAgainStartsEmpty() {
        ArchiveService a = archive(dir.resolve("d"));
        a.start("ch", "p", "rec", Duration.ofHours(1));
        for (Stamp s : recording().subList(0, 40)) a.stamp(s.event());
        a.stop("ch", "p");
        a.deleteProgram("ch", "p");
        assertTrue(a.deleteAsset("rec"));
        assertEquals(List.of(), docs.store().list(TimelineStore.PREFIX), "no chunk left behind");
        a.start("ch", "p", "rec", Duration.ofHours(1));
        assertEquals(Map.of(), a.asset("rec").renditions(), "a new generation sees nothing of the old one");
    }
}
