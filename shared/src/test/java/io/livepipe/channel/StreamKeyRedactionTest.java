package io.livepipe.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.media.EncoderConnected;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream key never leaves the create answer: ingest URLs in events and documents are cut before it. */
class StreamKeyRedactionTest {
    static final String KEY = "Zm9vYmFyLXN0cmVhbS1rZXktMTIz";

    @TempDir
    Path dir;

    @Test
    void ingestUrlsLoseEverythingAfterTheLiveApplication() {
        for (String url : List.of("rtmp://h:1935/live/" + KEY, "rtmp://h:1935/live/" + KEY + "/cam", "rtmp://h:1935/live/" + KEY + "?x=1",
                "rtmp://h:1935/live?key=" + KEY, "rtmp://user:" + KEY + "@h:1935/live/" + KEY, "rtmp://h:1935/live")) {
            assertEquals("rtmp://h:1935/live", IngestEndpoints.withoutStreamKey(url), url);
        }
        assertEquals("rtmp://h:1935", IngestEndpoints.withoutStreamKey("rtmp://h:1935/other/" + KEY));
        assertEquals("rtmp://h:1935", IngestEndpoints.withoutStreamKey("rtmp://h:1935/livex/" + KEY));
        assertEquals("rtmps://h", IngestEndpoints.withoutStreamKey("rtmps://h"));
        for (String url : List.of("rtmps://h:2935/live/" + KEY, "rtmps://h:2935/live/" + KEY + "/cam")) {
            assertEquals("rtmps://h:2935/live", IngestEndpoints.withoutStreamKey(url), url);
        }
        assertEquals("rtmps://h:2935/backup", IngestEndpoints.withoutStreamKey("rtmps://h:2935/backup/" + KEY));
        assertEquals("", IngestEndpoints.withoutStreamKey("live/" + KEY));
        assertNull(IngestEndpoints.withoutStreamKey(null));
    }

    @Test
    void rtmpsAndPushUrlsAreListedBesideRtmpOnesAndCutTheSameWay() {
        IngestEndpoints e = IngestEndpoints.of("h", new IngestEndpoints.Ports(1935, 2935, 9000, 8080, 7071), "news", KEY);
        assertEquals("rtmps://h:2935/live/" + KEY, e.rtmps());
        assertEquals("http://h:8080/ingest/" + KEY, e.push());
        assertEquals("http://h:8080/ingest", IngestEndpoints.withoutStreamKey(e.push() + "/Streams(cam)"));
        assertEquals("http://h:8080/ingest", IngestEndpoints.withoutStreamKey(e.push() + "/chunk-stream0-00001.m4s"));
        assertEquals("rtmps://h:2935/backup/" + KEY, e.rtmpsBackup());
        assertEquals("rtmps://h:2935/live", IngestEndpoints.withoutStreamKey(e.rtmps()));
        assertFalse(e.toString().isEmpty());
    }

    @Test
    void anObservationKeepsNoStreamKeyEvenFromAnEncoderThatStillSendsIt() {
        ObjectMapper m = new ObjectMapper();
        EventGridEvent connected = new EventGridEvent("1", "/t", "liveEvent/news", MediaEventTypes.ENCODER_CONNECTED,
                Instant.parse("2026-01-01T00:00:00Z"), m.valueToTree(new EncoderConnected("rtmp://h:1935/live/" + KEY + "/cam", "cam", "10.0.0.1", "5000")),
                "1.0", "1");
        ChannelObservation o = ChannelObserver.applyTo(ChannelObservation.empty(), connected);
        assertEquals("rtmp://h:1935/live", o.encoder().ingestUrl());
        assertEquals("rtmp://h:1935/live", o.recentEvents().get(0).data().get("ingestUrl").asText());
        assertEquals("cam", o.recentEvents().get(0).data().get("streamId").asText());
    }

    @Test
    void aDocumentWrittenBeforeTheRedactionIsCleanWhenReadAndRewritten() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, "state", io.livepipe.events.EventPublisher.none(), Clock.systemUTC());
        JsonDocuments docs = new JsonDocuments(store);
        ObjectMapper m = new ObjectMapper();
        String url = "rtmp://h:1935/live/" + KEY;
        ChannelObservation legacy = new ChannelObservation(new ChannelObservation.Encoder("10.0.0.1", "5000", url, Instant.EPOCH),
                Instant.EPOCH, null, Map.of(), List.of(new ChannelObservation.RecentEvent("1", MediaEventTypes.ENCODER_CONNECTED, Instant.EPOCH,
                m.valueToTree(new EncoderConnected(url, "", "10.0.0.1", "5000")))));
        docs.put(ChannelObserver.path("news"), legacy);
        ChannelObserver observer = new ChannelObserver(docs);
        ChannelObservation read = observer.observation("news");
        assertEquals("rtmp://h:1935/live", read.encoder().ingestUrl(), "the events API answer");
        assertEquals("rtmp://h:1935/live", read.recentEvents().get(0).data().get("ingestUrl").asText());
        observer.apply(new EventGridEvent("1", "/t", "liveEvent/news", MediaEventTypes.ENCODER_CONNECTED, Instant.EPOCH,
                m.valueToTree(new EncoderConnected(url, "", "10.0.0.1", "5000")), "1.0", "1"));
        String stored = new String(store.get(ChannelObserver.path("news")).orElseThrow().data(), StandardCharsets.UTF_8);
        assertFalse(stored.contains(KEY), stored);
    }
}
