package io.livepipe.encoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventConnectionRejectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderConnectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderDisconnectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIncomingStreamReceivedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIncomingStreamsOutOfSyncEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventIngestHeartbeatEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventTrackDiscontinuityDetectedEventData;
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
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels, stream keys and Media Services events with FFmpeg as the publisher; every event we
 * emit is parsed by the Event Grid SDK into its MediaLiveEvent*EventData class.
 */
class ChannelIngestFfmpegTest {
    @TempDir
    Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    final List<MediaSample> samples = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer;
    ChannelService channels;
    ChannelIngest ingest;
    RtmpServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        EventPublisher publisher = events::addAll;
        FileBlobStore state = new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC());
        EventFactory factory = new EventFactory("/t", Clock.systemUTC());
        channels = new ChannelService(new JsonDocuments(state), publisher, factory, Clock.systemUTC(), new SecureRandom(),
                (n, k) -> IngestEndpoints.of("127.0.0.1", port, 7071, n, k));
        timer = Executors.newSingleThreadScheduledExecutor();
        ingest = new ChannelIngest(channels, publisher, factory, Clock.systemUTC(), new ChannelMediaSink() {
            @Override public void config(String channel, String runId, CodecConfig config) { }
            @Override public void sample(String channel, String runId, MediaSample sample) { samples.add(sample); }
            @Override public void disconnected(String channel, String runId) { }
        }, timer, Duration.ofMillis(1000), Duration.ofMillis(200),
                new ChannelLeases(state, "replica-test", ChannelLeases.DEFAULT_DURATION, Clock.systemUTC()).start(timer));
        server = new RtmpServer(ingest, RtmpLimits.defaults());
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        ingest.close();
        timer.shutdownNow();
    }

    static ChannelSpec spec() { return new ChannelSpec(null, null, null, null, null, null, null, null); }

    List<EventGridEvent> ofType(String type) { return events.stream().filter(e -> e.eventType().equals(type)).toList(); }

    static <T> T sdk(EventGridEvent e, Class<T> type) {
        return com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(e)).get(0).getData().toObject(type);
    }

    Process publish(String url, double seconds) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Double.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-b:v", "300k",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static void awaitEvent(List<EventGridEvent> events, String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.stream().filter(e -> e.eventType().equals(type)).count() < count && System.nanoTime() < deadline) Thread.sleep(20);
    }

    @Test
    void rightKeyOnARunningChannelIsAcceptedAndTheSessionIsReported() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        channels.start("news");
        Process p = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 3);
        assertEquals(0, p.waitFor(), "ffmpeg exit");
        awaitEvent(events, MediaEventTypes.ENCODER_DISCONNECTED, 1);

        var connected = sdk(ofType(MediaEventTypes.ENCODER_CONNECTED).get(0), MediaLiveEventEncoderConnectedEventData.class);
        assertEquals("127.0.0.1", connected.getEncoderIp());
        assertTrue(connected.getIngestUrl().startsWith("rtmp://127.0.0.1:" + port + "/live"));
        assertFalse(connected.getIngestUrl().contains(c.streamKey()), "the ingest URL in events carries no key");
        assertEquals("liveEvent/news", ofType(MediaEventTypes.ENCODER_CONNECTED).get(0).subject());

        List<EventGridEvent> received = ofType(MediaEventTypes.INCOMING_STREAM_RECEIVED);
        assertEquals(2, received.size(), "one per track");
        var video = received.stream().map(e -> sdk(e, MediaLiveEventIncomingStreamReceivedEventData.class))
                .filter(d -> d.getTrackType().equals("video")).findFirst().orElseThrow();
        assertEquals("video_" + Math.round(300_000 / 1024.0 * 1000), video.getTrackName());
        assertEquals("1000", video.getTimescale());

        var disconnected = sdk(ofType(MediaEventTypes.ENCODER_DISCONNECTED).get(0), MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("S_OK", disconnected.getResultCode());

        List<EventGridEvent> beats = ofType(MediaEventTypes.INGEST_HEARTBEAT);
        assertTrue(beats.size() >= 2, "heartbeats during and after the session: " + beats.size());
        var live = beats.stream().map(e -> sdk(e, MediaLiveEventIngestHeartbeatEventData.class))
                .filter(h -> h.getIncomingBitrate() > 0).findFirst().orElseThrow();
        assertTrue(Long.parseLong(live.getLastTimestamp()) > 0);
        assertEquals("Running", live.getState());
        var last = sdk(beats.get(beats.size() - 1), MediaLiveEventIngestHeartbeatEventData.class);
        assertEquals(0L, last.getIncomingBitrate());
        assertTrue(last.isUnexpectedBitrate());
        assertTrue(samples.size() > 100, "samples reached the sink: " + samples.size());
    }

    @Test
    void wrongKeyIsRejectedAsAuthFailure() throws Exception {
        channels.create("news", spec());
        channels.start("news");
        Process p = publish("rtmp://127.0.0.1:" + port + "/live/not-the-key", 2);
        assertNotEquals(0, p.waitFor());
        var r = sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(0), MediaLiveEventConnectionRejectedEventData.class);
        assertEquals("MPE_RTMP_APPID_AUTH_FAILURE", r.getResultCode());
        assertEquals("127.0.0.1", r.getEncoderIp());
        assertTrue(ofType(MediaEventTypes.ENCODER_CONNECTED).isEmpty());
    }

    @Test
    void stoppedChannelRefusesItsOwnKey() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        Process p = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 2);
        assertNotEquals(0, p.waitFor());
        EventGridEvent e = ofType(MediaEventTypes.CONNECTION_REJECTED).get(0);
        assertEquals("liveEvent/news", e.subject());
        assertEquals("MPE_INGEST_CHANNEL_NOT_RUNNING", sdk(e, MediaLiveEventConnectionRejectedEventData.class).getResultCode());
    }

    @Test
    void secondPublisherIsRefusedWhileTheFirstPublishes() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        channels.start("news");
        Process first = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 4);
        awaitEvent(events, MediaEventTypes.ENCODER_CONNECTED, 1);
        Process second = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 2);
        assertNotEquals(0, second.waitFor());
        assertEquals(0, first.waitFor());
        var r = sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(0), MediaLiveEventConnectionRejectedEventData.class);
        assertEquals("MPE_INGEST_RTMP_ALREADY_PUBLISHING", r.getResultCode());
    }

    @Test
    void stoppingTheChannelDisconnectsTheEncoder() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        channels.start("news");
        Process p = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 20);
        awaitEvent(events, MediaEventTypes.INCOMING_STREAM_RECEIVED, 1);
        channels.stop("news");
        awaitEvent(events, MediaEventTypes.ENCODER_DISCONNECTED, 1);
        var d = sdk(ofType(MediaEventTypes.ENCODER_DISCONNECTED).get(0), MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("MPI_REST_API_CHANNEL_STOP", d.getResultCode());
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg ends when cut off");
    }

    @Test
    void allowListRefusesOtherAddresses() throws Exception {
        CreatedChannel c = channels.create("news", new ChannelSpec(null, null, null, null, List.of("203.0.113.0/24"), null, null, null));
        channels.start("news");
        Process p = publish("rtmp://127.0.0.1:" + port + "/live/" + c.streamKey(), 2);
        assertNotEquals(0, p.waitFor());
        assertEquals("MPE_INGEST_ENCODER_CONNECTION_DENIED",
                sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(0), MediaLiveEventConnectionRejectedEventData.class).getResultCode());
    }

    /** FFmpeg with its own arguments between the inputs and the output URL. */
    Process ffmpeg(List<String> inputs, List<String> output, String url) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error"));
        cmd.addAll(inputs);
        cmd.addAll(output);
        cmd.addAll(List.of("-f", "flv", url));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void timestampJumpFromTheEncoderIsReportedAsDiscontinuityAndOutOfSync() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        channels.start("news");
        // 6 s of both tracks; from 2 s on, FFmpeg stamps the video 20 s later. Its muxer
        // interleaves by time, so the audio (to 6 s) comes first, then video resumes at 22 s:
        // a 20 s gap in the video track, and 16 s between the tracks' last timestamps.
        Process p = ffmpeg(List.of("-t", "6", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                        "-t", "6", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"),
                List.of("-vf", "setpts='if(gte(T,2),PTS+20/TB,PTS)'", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0",
                        "-g", "25", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k"),
                "rtmp://127.0.0.1:" + port + "/live/" + c.streamKey());
        assertEquals(0, p.waitFor(), "ffmpeg exit");
        awaitEvent(events, MediaEventTypes.ENCODER_DISCONNECTED, 1);

        List<EventGridEvent> gaps = ofType(MediaEventTypes.TRACK_DISCONTINUITY_DETECTED);
        assertEquals(1, gaps.size(), "one jump, one event: " + gaps.size());
        assertEquals("liveEvent/news", gaps.get(0).subject());
        var gap = sdk(gaps.get(0), MediaLiveEventTrackDiscontinuityDetectedEventData.class);
        assertEquals("video", gap.getTrackType());
        assertTrue(gap.getTrackName().startsWith("video_"), gap.getTrackName());
        assertEquals("1000", gap.getTimescale());
        long previous = Long.parseLong(gap.getPreviousTimestamp());
        long next = Long.parseLong(gap.getNewTimestamp());
        assertTrue(previous >= 1900 && previous < 2000, "last video frame before the jump: " + previous);
        assertTrue(next >= 22_000 && next < 22_100, "first video frame after it: " + next);
        assertEquals(next - previous, Long.parseLong(gap.getDiscontinuityGap()));

        List<EventGridEvent> apart = ofType(MediaEventTypes.INCOMING_STREAMS_OUT_OF_SYNC);
        assertEquals(1, apart.size(), "reported once per episode");
        var sync = sdk(apart.get(0), MediaLiveEventIncomingStreamsOutOfSyncEventData.class);
        assertEquals("audio", sync.getTypeOfStreamWithMinLastTimestamp());
        assertEquals("video", sync.getTypeOfStreamWithMaxLastTimestamp());
        assertEquals("1000", sync.getTimescaleOfMinLastTimestamp());
        assertEquals("1000", sync.getTimescaleOfMaxLastTimestamp());
        long min = Long.parseLong(sync.getMinLastTimestamp());
        long max = Long.parseLong(sync.getMaxLastTimestamp());
        assertTrue(max - min > 10_000, "more than 10 s apart: " + min + " .. " + max);
        assertTrue(min <= 6_100, "the audio ended at 6 s: " + min);

        var beat = ofType(MediaEventTypes.INGEST_HEARTBEAT).stream().map(e -> sdk(e, MediaLiveEventIngestHeartbeatEventData.class))
                .filter(h -> h.getTrackType().equals("video")).reduce((earlier, later) -> later).orElseThrow();
        // The last one (the disconnect's): a periodic heartbeat can come before the jump when FFmpeg runs slowly.
        assertEquals(1L, beat.getDiscontinuityCount());
        assertFalse(beat.isHealthy());
    }

    @Test
    void unsupportedVideoCodecEndsTheSessionWithCodecNotSupported() throws Exception {
        CreatedChannel c = channels.create("news", spec());
        channels.start("news");
        // Sorenson H.263 (FLV codec id 2), which FFmpeg's flv muxer writes and livepipe does not take.
        Process p = ffmpeg(List.of("-re", "-t", "3", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"),
                List.of("-c:v", "flv1", "-b:v", "300k"), "rtmp://127.0.0.1:" + port + "/live/" + c.streamKey());
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg ends when cut off");
        awaitEvent(events, MediaEventTypes.ENCODER_DISCONNECTED, 1);
        assertEquals(1, ofType(MediaEventTypes.ENCODER_CONNECTED).size(), "the key was right: accepted, then cut off");
        var d = sdk(ofType(MediaEventTypes.ENCODER_DISCONNECTED).get(0), MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("MPE_INGEST_CODEC_NOT_SUPPORTED", d.getResultCode());
        assertTrue(samples.isEmpty(), "no sample of an unsupported codec reaches the sink: " + samples.size());
    }
}
