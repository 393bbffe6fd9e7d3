package io.livepipe.archive;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.testing.SettableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs: the archive window's bounds, several programs recording one channel at once (each
 * gets the segments of its own time), and the {@code Livepipe.*} program and asset events, read
 * back by the Event Grid SDK with every field we set.
 */
class ProgramsTest {
    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock();
    final List<EventGridEvent> published = new CopyOnWriteArrayList<>();
    ArchiveService archive;

    @BeforeEach
    void setUp() {
        JsonDocuments docs = new JsonDocuments(new FileBlobStore(dir, "state", EventPublisher.none(), clock));
        EventFactory f = new EventFactory("/t", clock);
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), f, clock, new SecureRandom(),
                (n, k) -> IngestEndpoints.of("h", 1, 2, n, k));
        channels.create("ch", new ChannelSpec(null, null, null, null, null, null, null, null));
        archive = new ArchiveService(docs, channels, published::addAll, f, clock);
    }

    @Test
    void archiveWindowLiesBetweenOneMinuteAnd25Hours() {
        assertEquals(Duration.ofMinutes(1), archive.start("ch", "shortest", null, Duration.ofMinutes(1)).archiveWindow());
        assertEquals(Duration.ofHours(25), archive.start("ch", "longest", null, Duration.ofHours(25)).archiveWindow());
        assertEquals(Duration.ofHours(1), archive.start("ch", "default", null, null).archiveWindow(), "default PT1H");
        for (String bad : List.of("PT59S", "PT25H0.001S", "PT0S", "-PT1H", "P2D")) {
            Refusal e = assertThrows(Refusal.class,
                    () -> archive.start("ch", "bad", null, new ProgramRequest("bad", null, bad).window()), bad);
            assertEquals(Refusal.Reason.BAD_REQUEST, e.reason(), bad);
        }
        Refusal notIso = assertThrows(Refusal.class, () -> new ProgramRequest("x", null, "1 hour").window());
        assertEquals(Refusal.Reason.BAD_REQUEST, notIso.reason());
        assertEquals(3, archive.programs("ch").size(), "refused programs leave nothing behind");
        assertEquals(3, archive.assets().size());
    }

    EventGridEvent segmentCreated(long seq, Instant at) {
        SegmentName n = new SegmentName("ch", "run1", "video", false, seq, (seq - 1) * 180_000L, 180_000, 90_000, true, false);
        return BlobCreatedEvents.create("acct", "media", "http://x/" + n.path(),
                new BlobProperties(n.path(), 1000, "\"e\"", "video/mp4", Map.of(), at), 1, at);
    }

    static List<Long> sequences(Asset a) {
        return a.renditions().get("video").segments().stream().map(Asset.Entry::sequence).toList();
    }

    @Test
    void severalProgramsRecordOneChannelAtOnceEachWithTheSegmentsOfItsOwnTime() {
        Instant t0 = clock.now;
        archive.start("ch", "morning", "morning", Duration.ofHours(1));
        clock.now = t0.plusSeconds(10);
        archive.start("ch", "highlights", "highlights", Duration.ofMinutes(1));
        clock.now = t0.plusSeconds(20);
        archive.stop("ch", "morning");
        // Segments every 2 s from 2 s to 100 s after t0, delivered after the fact.
        for (long seq = 1; seq <= 50; seq++) archive.stamp(segmentCreated(seq, t0.plusSeconds(2 * seq)));

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences(archive.asset("morning")),
                "created 2 s .. 18 s: before the stop at 20 s");
        List<Long> highlights = sequences(archive.asset("highlights"));
        assertEquals(java.util.stream.LongStream.rangeClosed(20, 50).boxed().toList(), highlights,
                "started at 10 s, and live with a one-minute window: created 40 s .. 100 s (the newest)");
        assertEquals(Asset.VOD, archive.asset("morning").state());
        assertEquals(Asset.LIVE, archive.asset("highlights").state());
    }

    @Test
    void programAndAssetEventsAreParsedByTheEventGridSdkWithEveryField() {
        Instant t0 = clock.now;
        archive.start("ch", "show", "show-1", Duration.ofMinutes(30));
        clock.now = t0.plusSeconds(90);
        archive.stop("ch", "show");
        archive.stop("ch", "show");
        assertEquals(List.of(LivepipeEventTypes.PROGRAM_STARTED, LivepipeEventTypes.PROGRAM_STOPPED, LivepipeEventTypes.ASSET_SEALED),
                published.stream().map(EventGridEvent::eventType).toList(), "stopping twice publishes once");
        for (EventGridEvent ours : published) {
            com.azure.messaging.eventgrid.EventGridEvent sdk =
                    com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(ours)).get(0);
            assertEquals(ours.id(), sdk.getId());
            assertEquals(ours.eventType(), sdk.getEventType());
            assertEquals("liveEvent/ch", sdk.getSubject());
            assertEquals("/t", sdk.getTopic());
            assertEquals(ours.eventTime(), sdk.getEventTime().toInstant());
            @SuppressWarnings("unchecked")
            Map<String, Object> data = sdk.getData().toObject(Map.class);
            boolean started = ours.eventType().equals(LivepipeEventTypes.PROGRAM_STARTED);
            assertEquals("ch", data.get("channelName"));
            assertEquals("show", data.get("programName"));
            assertEquals("show-1", data.get("assetName"));
            assertEquals(started ? "Running" : "Stopped", data.get("state"));
            assertEquals(t0, Instant.parse((String) data.get("started")));
            if (started) {
                assertTrue(data.get("stopped") == null, "a running program has no stop time");
            } else {
                assertEquals(t0.plusSeconds(90), Instant.parse((String) data.get("stopped")));
            }
        }
    }
}
