package io.livepipe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.channel.ChannelObserver;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.EncoderConnected;
import io.livepipe.events.media.EncoderDisconnected;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
import io.livepipe.testing.SettableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomationAndRetentionTest {
    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock();
    ChannelService channels;
    ChannelObserver observer;
    ArchiveService archive;
    ChannelAutomation automation;
    FileBlobStore media;

    @BeforeEach
    void setUp() {
        JsonDocuments docs = new JsonDocuments(new FileBlobStore(dir.resolve("state"), "state", EventPublisher.none(), clock));
        media = new FileBlobStore(dir.resolve("media"), "media", EventPublisher.none(), clock);
        EventFactory f = new EventFactory("/t", clock);
        channels = new ChannelService(docs, EventPublisher.none(), f, clock, new SecureRandom(), (n, k) -> IngestEndpoints.of("h", 1, 2, n, k));
        observer = new ChannelObserver(docs);
        archive = new ArchiveService(docs, channels, EventPublisher.none(), f, clock);
        automation = new ChannelAutomation(channels, observer, archive, clock);
        channels.create("ch", new ChannelSpec(null, null, null, null, null, null, true, Duration.ofSeconds(60)));
        channels.start("ch");
    }

    EventGridEvent event(String id, String type, Object data) {
        return new EventGridEvent(id, "/t", "liveEvent/ch", type, clock.now, new ObjectMapper().valueToTree(data), "1.0", "1");
    }

    void deliver(EventGridEvent e) {
        observer.apply(e);
        automation.onEvent(e);
    }

    @Test
    void autoRecordStartsOneProgramPerConnectEvenWhenRedelivered() {
        EventGridEvent connected = event("c1", MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected("u", "s", "ip", "1"));
        deliver(connected);
        deliver(connected);
        List<Program> programs = archive.programs("ch");
        assertEquals(1, programs.size());
        assertEquals("auto-20261124-060000", programs.get(0).name());
        assertEquals(Program.RUNNING, programs.get(0).state());
    }

    @Test
    void encoderAwayLongerThanTheReconnectWindowStopsAndSeals() {
        deliver(event("c1", MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected("u", "s", "ip", "1")));
        clock.now = clock.now.plusSeconds(10);
        deliver(event("d1", MediaEventTypes.ENCODER_DISCONNECTED, new EncoderDisconnected("u", "s", "ip", "1", "MPE_CLIENT_TERMINATED_SESSION")));
        clock.now = clock.now.plusSeconds(30);
        assertTrue(automation.watch().isEmpty(), "inside the 60 s window");
        clock.now = clock.now.plusSeconds(31);
        assertEquals(List.of("ch/auto-20261124-060000"), automation.watch());
        assertEquals(Asset.VOD, archive.asset("ch-auto-20261124-060000").state());
    }

    @Test
    void reconnectInsideTheWindowContinuesTheSameProgram() {
        deliver(event("c1", MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected("u", "s", "ip", "1")));
        clock.now = clock.now.plusSeconds(10);
        deliver(event("d1", MediaEventTypes.ENCODER_DISCONNECTED, new EncoderDisconnected("u", "s", "ip", "1", "S_OK")));
        clock.now = clock.now.plusSeconds(30);
        deliver(event("c2", MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected("u", "s", "ip", "2")));
        clock.now = clock.now.plusSeconds(300);
        assertTrue(automation.watch().isEmpty());
        assertEquals(1, archive.programs("ch").size(), "no second program on reconnect");
    }

    @Test
    void retentionDeletesOnlyOldUnreferencedSegments() {
        archive.start("ch", "keep", "kept", Duration.ofHours(1));
        String run = channels.get("ch").runId();
        SegmentName referenced = new SegmentName("ch", run, "video", false, 1, 0, 180_000, 90_000, true, false);
        SegmentName unreferenced = new SegmentName("ch", "old-run", "video", false, 1, 0, 180_000, 90_000, true, false);
        SegmentName oldInit = SegmentName.init("ch", "old-run", "video");
        SegmentName liveInit = SegmentName.init("ch", run, "video");
        for (SegmentName n : List.of(referenced, unreferenced, oldInit, liveInit)) media.put(n.path(), new byte[10], PutOptions.of("video/mp4"));
        archive.stamp(BlobCreatedEvents.create("a", "media", "u", media.properties(referenced.path()).orElseThrow(), 1, clock.now));
        RetentionSweep sweep = new RetentionSweep(media, archive, channels, clock);
        assertEquals(0, sweep.sweep(), "nothing is older than the preview window yet");
        clock.now = clock.now.plus(RetentionSweep.PREVIEW_WINDOW).plusSeconds(1);
        SegmentName recent = new SegmentName("ch", "old-run", "video", false, 2, 180_000, 180_000, 90_000, true, false);
        media.put(recent.path(), new byte[10], PutOptions.of("video/mp4"));
        assertEquals(2, sweep.sweep(), "the unreferenced segment and the old run's init");
        assertTrue(media.get(referenced.path()).isPresent());
        assertTrue(media.get(liveInit.path()).isPresent(), "the live run's init stays for the preview");
        assertTrue(media.get(recent.path()).isPresent());
        assertTrue(media.get(unreferenced.path()).isEmpty());
        assertTrue(media.get(oldInit.path()).isEmpty());
    }

    /** A state store whose one listing call gives one page only, as Blob storage's List Blobs does. */
    static final class OnePagePerListing implements BlobStore {
        final BlobStore inner;
        final int page;

        OnePagePerListing(BlobStore inner, int page) {
            this.inner = inner;
            this.page = page;
        }

        @Override public String backend() { return inner.backend(); }
        @Override public BlobProperties put(String path, byte[] data, PutOptions o) { return inner.put(path, data, o); }
        @Override public java.util.Optional<io.livepipe.storage.Blob> get(String path) { return inner.get(path); }
        @Override public java.util.Optional<io.livepipe.storage.Blob> getRange(String path, long off, long len) { return inner.getRange(path, off, len); }
        @Override public java.util.Optional<BlobProperties> properties(String path) { return inner.properties(path); }
        @Override public List<BlobProperties> list(String prefix) {
            List<BlobProperties> all = inner.list(prefix);
            return all.subList(0, Math.min(page, all.size()));
        }
        @Override public io.livepipe.storage.ListPage listPage(String prefix, String continuation, int max) {
            return inner.listPage(prefix, continuation, Math.min(max, page));
        }
        @Override public boolean delete(String path, io.livepipe.storage.Condition c) { return inner.delete(path, c); }
    }

    @Test
    void retentionKeepsASegmentReferencedOnlyByAnAssetOnALaterPage() {
        JsonDocuments paged = new JsonDocuments(new OnePagePerListing(
                new FileBlobStore(dir.resolve("paged"), "state", EventPublisher.none(), clock), 3));
        EventFactory f = new EventFactory("/t", clock);
        ArchiveService pagedArchive = new ArchiveService(paged, channels, EventPublisher.none(), f, clock, 3);
        SegmentName last = new SegmentName("ch", "old-run", "video", false, 1, 0, 180_000, 90_000, true, false);
        SegmentName none = new SegmentName("ch", "old-run", "video", false, 2, 180_000, 180_000, 90_000, true, false);
        for (SegmentName n : List.of(last, none)) media.put(n.path(), new byte[10], PutOptions.of("video/mp4"));
        for (int i = 0; i < 10; i++) {
            Map<String, Asset.Timeline> renditions = i < 9 ? Map.of() : Map.of("video", new Asset.Timeline(Map.of(),
                    List.of(new Asset.Entry(last.path(), "old-run", 1, 0, 180_000, 90_000, true, false, clock.now, 10))));
            paged.create("assets/a" + i + ".json", new Asset("a" + i, "ch", "p" + i, Duration.ofHours(1), Asset.VOD, clock.now, clock.now, renditions));
        }
        List<String> visited = new java.util.ArrayList<>();
        pagedArchive.forEachAsset(a -> visited.add(a.name()));
        assertEquals(10, visited.size(), "every page visited: " + visited);
        clock.now = clock.now.plus(RetentionSweep.PREVIEW_WINDOW).plusSeconds(1);
        assertEquals(1, new RetentionSweep(media, pagedArchive, channels, clock).sweep(), "only the segment no asset references");
        assertTrue(media.get(last.path()).isPresent(), "referenced by the tenth asset, on the fourth page");
        assertTrue(media.get(none.path()).isEmpty());
    }
}
