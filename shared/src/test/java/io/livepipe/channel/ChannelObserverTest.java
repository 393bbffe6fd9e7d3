package io.livepipe.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.media.EncoderConnected;
import io.livepipe.events.media.EncoderDisconnected;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.MediaEventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelObserverTest {
    static final ObjectMapper M = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");

    static EventGridEvent event(String id, String type, int second, Object data) {
        return new EventGridEvent(id, "/t", "liveEvent/news", type, T0.plusSeconds(second), M.valueToTree(data), "1.0", "1");
    }

    static List<EventGridEvent> session() {
        return List.of(
                event("1", MediaEventTypes.ENCODER_CONNECTED, 0, new EncoderConnected("u", "s", "10.0.0.1", "5000")),
                event("2", MediaEventTypes.INGEST_HEARTBEAT, 20, new IngestHeartbeat("video", "video_1", 1, 1, "20000", "1000",
                        0, 0, 0, false, "Running", true, T0.toString(), 0, "Off", "")),
                event("3", MediaEventTypes.INGEST_HEARTBEAT, 40, new IngestHeartbeat("video", "video_1", 1, 0, "40000", "1000",
                        0, 1, 0, true, "Running", false, T0.toString(), 0, "Off", "")),
                event("4", MediaEventTypes.ENCODER_DISCONNECTED, 41, new EncoderDisconnected("u", "s", "10.0.0.1", "5000", "S_OK")));
    }

    static ChannelObservation applyAll(List<EventGridEvent> events) {
        ChannelObservation o = ChannelObservation.empty();
        for (EventGridEvent e : events) o = ChannelObserver.applyTo(o, e);
        return o;
    }

    @Test
    void anSrtPublishersLinkFiguresAreKeptWithItsTrackAndRtmpHeartbeatsCarryNone() throws Exception {
        var link = new io.livepipe.events.media.SrtStatistics(2.25, 1200, 4, 3, 1, 0.9, 120);
        ChannelObservation o = applyAll(List.of(
                event("1", MediaEventTypes.ENCODER_CONNECTED, 0, new EncoderConnected("srt://h:9000/live", "", "10.0.0.1", "5000")),
                event("2", MediaEventTypes.INGEST_HEARTBEAT, 20, new IngestHeartbeat("video", "video_0", 0, 1, "20000", "1000",
                        0, 0, 0, false, "Running", true, T0.toString(), 0, "Off", "", link))));
        M.findAndRegisterModules();
        assertEquals(link, o.tracks().get("video_0").srt());
        assertTrue(M.writeValueAsString(o.tracks().get("video_0")).contains("\"packetsRetransmitted\":3"));
        assertNull(applyAll(session()).tracks().get("video_1").srt());
        assertTrue(!M.writeValueAsString(session().get(1).data()).contains("srt"), "absent from RTMP heartbeats' JSON");
    }

    @Test
    void inOrderSessionEndsDisconnectedWithTheLastHeartbeat() {
        ChannelObservation o = applyAll(session());
        assertNull(o.encoder());
        assertEquals(T0.plusSeconds(41), o.connectionChangedAt());
        assertEquals("40000", o.tracks().get("video_1").lastTimestamp());
        assertEquals(4, o.recentEvents().size());
        assertEquals("4", o.recentEvents().get(0).id(), "newest first");
    }

    @Test
    void duplicatesChangeNothing() {
        ChannelObservation once = applyAll(session());
        assertSame(once, ChannelObserver.applyTo(once, session().get(2)));
    }

    @Test
    void anyOrderAndDuplicationGiveTheSameObservation() {
        ChannelObservation expected = applyAll(session());
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<EventGridEvent> shuffled = new ArrayList<>(session());
            shuffled.addAll(session().subList(0, r.nextInt(4)));
            Collections.shuffle(shuffled, r);
            assertEquals(expected, applyAll(shuffled));
        }
    }

    @Test
    void lateConnectDoesNotResurrectADisconnectedEncoder() {
        ChannelObservation o = applyAll(List.of(session().get(3), session().get(0)));
        assertNull(o.encoder());
        ChannelObservation reconnect = ChannelObserver.applyTo(o,
                event("5", MediaEventTypes.ENCODER_CONNECTED, 60, new EncoderConnected("u", "s2", "10.0.0.2", "6000")));
        assertNotNull(reconnect.encoder());
        assertEquals("10.0.0.2", reconnect.encoder().ip());
    }

    @Test
    void recentEventsAreBounded() {
        ChannelObservation o = ChannelObservation.empty();
        for (int i = 0; i < ChannelObserver.RECENT_EVENTS + 50; i++) {
            o = ChannelObserver.applyTo(o, event("h" + i, MediaEventTypes.INGEST_HEARTBEAT, i,
                    new IngestHeartbeat("audio", "audio_1", 1, 1, "0", "1000", 0, 0, 0, false, "Running", true, T0.toString(), 0, "Off", "")));
        }
        assertEquals(ChannelObserver.RECENT_EVENTS, o.recentEvents().size());
        assertTrue(o.recentEvents().stream().noneMatch(e -> e.id().equals("h0")), "oldest dropped");
    }

    @Test
    void eventsForOtherSubjectsAreNotChannelEvents() {
        EventGridEvent blob = new EventGridEvent("b", "/t", "/blobServices/default/containers/media/blobs/x", "Microsoft.Storage.BlobCreated",
                T0, M.createObjectNode(), "1.0", "1");
        assertTrue(ChannelObserver.channelOf(blob).isEmpty());
        assertEquals("news", ChannelObserver.channelOf(session().get(0)).orElseThrow());
    }
}
