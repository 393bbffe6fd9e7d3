package io.livepipe.events.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventChannelArchiveHeartbeatEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventConnectionRejectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderConnectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderDisconnectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIncomingDataChunkDroppedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIncomingStreamReceivedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIncomingStreamsOutOfSyncEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIngestHeartbeatEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventTrackDiscontinuityDetectedEventData;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Media Services channel event we emit, written as our publisher writes it, parsed back
 * by the Event Grid SDK 4.30.0 into its {@code MediaLiveEvent*EventData} class with every field.
 */
class MediaEventsSdkCompatibilityTest {
    final EventFactory factory = new EventFactory("/subscriptions/s/resourceGroups/r/providers/Microsoft.EventGrid/topics/t",
            Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC));

    com.azure.messaging.eventgrid.EventGridEvent roundTrip(String type, Object data) {
        EventGridEvent ours = factory.create(MediaEventTypes.subject("news-1"), type, data);
        List<com.azure.messaging.eventgrid.EventGridEvent> parsed =
                com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(ours));
        assertEquals(1, parsed.size());
        com.azure.messaging.eventgrid.EventGridEvent sdk = parsed.get(0);
        assertEquals(ours.id(), sdk.getId());
        assertEquals(type, sdk.getEventType());
        assertEquals("liveEvent/news-1", sdk.getSubject());
        assertEquals("1.0", sdk.getDataVersion());
        assertEquals(ours.eventTime(), sdk.getEventTime().toInstant());
        return sdk;
    }

    @Test
    void encoderConnected() {
        var d = roundTrip(MediaEventTypes.ENCODER_CONNECTED,
                new EncoderConnected("rtmp://h:1935/live/k", "s1", "203.0.113.5", "50123")).getData()
                .toObject(MediaLiveEventEncoderConnectedEventData.class);
        assertEquals("rtmp://h:1935/live/k", d.getIngestUrl());
        assertEquals("s1", d.getStreamId());
        assertEquals("203.0.113.5", d.getEncoderIp());
        assertEquals("50123", d.getEncoderPort());
    }

    @Test
    void encoderDisconnectedAndConnectionRejectedCarryResultCodes() {
        var d = roundTrip(MediaEventTypes.ENCODER_DISCONNECTED,
                new EncoderDisconnected("u", "s", "ip", "1", ResultCodes.S_OK)).getData()
                .toObject(MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("S_OK", d.getResultCode());
        assertEquals("u", d.getIngestUrl());
        assertEquals("s", d.getStreamId());
        assertEquals("ip", d.getEncoderIp());
        assertEquals("1", d.getEncoderPort());
        var r = roundTrip(MediaEventTypes.CONNECTION_REJECTED,
                new ConnectionRejected("u", "s", "ip", "2", ResultCodes.APPID_AUTH_FAILURE)).getData()
                .toObject(MediaLiveEventConnectionRejectedEventData.class);
        assertEquals("MPE_RTMP_APPID_AUTH_FAILURE", r.getResultCode());
        assertEquals("2", r.getEncoderPort());
        assertEquals("u", r.getIngestUrl());
        assertEquals("s", r.getStreamId());
        assertEquals("ip", r.getEncoderIp());
    }

    @Test
    void incomingStreamReceived() {
        var d = roundTrip(MediaEventTypes.INCOMING_STREAM_RECEIVED, new IncomingStreamReceived("u", "video",
                "video_2500000", 2_500_000, "ip", "3", "1000", "0", "1000")).getData()
                .toObject(MediaLiveEventIncomingStreamReceivedEventData.class);
        assertEquals("u", d.getIngestUrl());
        assertEquals("video", d.getTrackType());
        assertEquals("video_2500000", d.getTrackName());
        assertEquals(2_500_000L, d.getBitrate());
        assertEquals("ip", d.getEncoderIp());
        assertEquals("3", d.getEncoderPort());
        assertEquals("1000", d.getTimestamp());
        assertEquals("0", d.getDuration());
        assertEquals("1000", d.getTimescale());
    }

    @Test
    void ingestHeartbeat() {
        var d = roundTrip(MediaEventTypes.INGEST_HEARTBEAT, new IngestHeartbeat("audio", "audio_128000", 128_000, 127_500,
                "20000", "1000", 1, 2, 3, false, "Running", false, "2026-11-24T06:00:00Z", 4, "Off", "")).getData()
                .toObject(MediaLiveEventIngestHeartbeatEventData.class);
        assertEquals("audio", d.getTrackType());
        assertEquals("audio_128000", d.getTrackName());
        assertEquals(128_000L, d.getBitrate());
        assertEquals(127_500L, d.getIncomingBitrate());
        assertEquals("20000", d.getLastTimestamp());
        assertEquals("1000", d.getTimescale());
        assertEquals(1L, d.getOverlapCount());
        assertEquals(2L, d.getDiscontinuityCount());
        assertEquals(3L, d.getNonincreasingCount());
        assertFalse(d.isUnexpectedBitrate());
        assertEquals("Running", d.getState());
        assertFalse(d.isHealthy());
        assertEquals(Instant.parse("2026-11-24T06:00:00Z"), d.getLastFragmentArrivalTime().toInstant());
        assertEquals(4, d.getIngestDriftValue());
        assertEquals("Off", d.getTranscriptionState());
        assertEquals("", d.getTranscriptionLanguage());
    }

    @Test
    void trackDiscontinuityDetected() {
        var d = roundTrip(MediaEventTypes.TRACK_DISCONTINUITY_DETECTED, new TrackDiscontinuityDetected("video",
                "video_1", 1, "100", "9000", "1000", "8900")).getData()
                .toObject(MediaLiveEventTrackDiscontinuityDetectedEventData.class);
        assertEquals("video", d.getTrackType());
        assertEquals("video_1", d.getTrackName());
        assertEquals(1L, d.getBitrate());
        assertEquals("100", d.getPreviousTimestamp());
        assertEquals("9000", d.getNewTimestamp());
        assertEquals("1000", d.getTimescale());
        assertEquals("8900", d.getDiscontinuityGap());
    }

    @Test
    void incomingStreamsOutOfSync() {
        var d = roundTrip(MediaEventTypes.INCOMING_STREAMS_OUT_OF_SYNC, new IncomingStreamsOutOfSync("10", "audio",
                "20000", "video", "1000", "1000")).getData()
                .toObject(MediaLiveEventIncomingStreamsOutOfSyncEventData.class);
        assertEquals("10", d.getMinLastTimestamp());
        assertEquals("audio", d.getTypeOfStreamWithMinLastTimestamp());
        assertEquals("20000", d.getMaxLastTimestamp());
        assertEquals("video", d.getTypeOfStreamWithMaxLastTimestamp());
        assertEquals("1000", d.getTimescaleOfMinLastTimestamp());
        assertEquals("1000", d.getTimescaleOfMaxLastTimestamp());
    }

    @Test
    void incomingDataChunkDroppedAndArchiveHeartbeat() {
        var d = roundTrip(MediaEventTypes.INCOMING_DATA_CHUNK_DROPPED, new IncomingDataChunkDropped("video", "video_1", 1,
                "500", "1000", ResultCodes.FLV_TAG_TIMESTAMP_INVALID)).getData()
                .toObject(MediaLiveEventIncomingDataChunkDroppedEventData.class);
        assertEquals("video", d.getTrackType());
        assertEquals("video_1", d.getTrackName());
        assertEquals(1L, d.getBitrate());
        assertEquals("500", d.getTimestamp());
        assertEquals("1000", d.getTimescale());
        assertEquals("MPE_RTMP_FLV_TAG_TIMESTAMP_INVALID", d.getResultCode());
        var a = roundTrip(MediaEventTypes.CHANNEL_ARCHIVE_HEARTBEAT, new ChannelArchiveHeartbeat("2500", "S_OK")).getData()
                .toObject(MediaLiveEventChannelArchiveHeartbeatEventData.class);
        assertEquals(Duration.ofMillis(2500), a.getChannelLatency());
        assertEquals("S_OK", a.getLatencyResultCode());
    }
}
