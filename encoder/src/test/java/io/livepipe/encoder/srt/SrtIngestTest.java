package io.livepipe.encoder.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventConnectionRejectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderConnectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderDisconnectedEventData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.CreatedChannel;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.encoder.live.ChannelIngest;
import io.livepipe.encoder.live.ChannelLeases;
import io.livepipe.encoder.live.ChannelMediaSink;
import io.livepipe.encoder.live.StageLimits;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRT ingest through Debian's libsrt with real callers (FFmpeg, srt-live-transmit, GStreamer's
 * srtsink) into the real channel runtime's gate and sessions: the stream key in the stream id,
 * plain or in the access-control syntax, an AES passphrase, refusals with their result codes and
 * events, link statistics in heartbeats, and bad input that ends in a clean disconnect.
 */
class SrtIngestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;
    static Path source;
    @TempDir
    Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    final List<MediaSample> samples = new CopyOnWriteArrayList<>();
    final List<CodecConfig> configs = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer;
    ChannelService channels;
    ChannelIngest ingest;
    SrtServer server;
    int port;

    @BeforeAll
    static void contribution() throws Exception {
        SrtPeers.assertInstalled();
        source = SrtPeers.source(shared, 4);
    }

    @BeforeEach
    void start() throws Exception {
        EventPublisher publisher = events::addAll;
        FileBlobStore state = new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC());
        EventFactory factory = new EventFactory("/t", Clock.systemUTC());
        channels = new ChannelService(new JsonDocuments(state), publisher, factory, Clock.systemUTC(), new SecureRandom(),
                (n, k) -> IngestEndpoints.of("127.0.0.1", new IngestEndpoints.Ports(1935, IngestEndpoints.DEFAULT_RTMPS_PORT, port, 7071, 7071), n, k),
                new io.livepipe.protection.KeyWrap(new byte[32]));
        timer = Executors.newSingleThreadScheduledExecutor();
        ingest = new ChannelIngest(channels, publisher, factory, Clock.systemUTC(), new ChannelMediaSink() {
            @Override public void config(String channel, String runId, CodecConfig config) { configs.add(config); }
            @Override public void sample(String channel, String runId, MediaSample sample) { samples.add(sample); }
            @Override public void disconnected(String channel, String runId) { }
        }, timer, Duration.ofMillis(1000), Duration.ofMillis(200), StageLimits.defaults(),
                new ChannelLeases(state, "replica-test", ChannelLeases.DEFAULT_DURATION, Clock.systemUTC()).start(timer));
        server = SrtServer.create(ingest, SrtLimits.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)))
                .orElseThrow(() -> new AssertionError("libsrt is installed (libsrt1.5-openssl)"));
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        ingest.close();
        timer.shutdownNow();
    }

    static ChannelSpec spec(String passphrase) {
        return new ChannelSpec(null, null, null, null, null, null, null, null, null, passphrase);
    }

    CreatedChannel running(String name, String passphrase) {
        CreatedChannel c = channels.create(name, spec(passphrase));
        channels.start(name);
        return c;
    }

    List<EventGridEvent> ofType(String type) { return events.stream().filter(e -> e.eventType().equals(type)).toList(); }

    static <T> T sdk(EventGridEvent e, Class<T> type) {
        return com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(e)).get(0).getData().toObject(type);
    }

    void awaitEvent(String type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ofType(type).size() < count && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(ofType(type).size() >= count, "event " + type + " x" + count + " in " + events.stream().map(EventGridEvent::eventType).toList());
    }

    String disconnectCode() throws InterruptedException {
        awaitEvent(MediaEventTypes.ENCODER_DISCONNECTED, 1);
        return sdk(ofType(MediaEventTypes.ENCODER_DISCONNECTED).get(0), MediaLiveEventEncoderDisconnectedEventData.class).getResultCode();
    }

    String rejectionCode() throws InterruptedException {
        awaitEvent(MediaEventTypes.CONNECTION_REJECTED, 1);
        return sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(0), MediaLiveEventConnectionRejectedEventData.class).getResultCode();
    }

    /**
     * The whole contribution arrived, configured first: every video frame and AAC frame of the 4 s
     * but what the link still held when the caller closed it (SRT drops what its receiver's latency
     * buffer holds at a close: at most the latency, 120 ms, and the PES in flight; FFmpeg packs
     * up to about 17 AAC frames into one audio PES).
     */
    void assertWholeContribution() {
        long video = samples.stream().filter(s -> s.type() == TrackType.VIDEO).count();
        long audio = samples.stream().filter(s -> s.type() == TrackType.AUDIO).count();
        assertTrue(video <= 120 && video >= 120 - 6, video + " of the 120 frames of 4 s at 30 fps");
        long frames = 4 * 48000 / 1024;
        assertTrue(audio <= frames + 1 && audio >= frames - 24, audio + " of the " + frames + " AAC frames");
        assertEquals(List.of(TrackType.VIDEO, TrackType.AUDIO), configs.stream().map(CodecConfig::type).distinct().sorted().toList());
        assertTrue(samples.stream().filter(s -> s.type() == TrackType.VIDEO).findFirst().orElseThrow().keyframe());
    }

    @Test
    void ffmpegPublishesWithThePlainStreamKeyAndTheChannelGetsEverySample() throws Exception {
        CreatedChannel c = running("news", null);
        assertEquals("srt://127.0.0.1:" + port + "?streamid=" + c.streamKey(), c.endpoints().srt());
        Process p = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        String out = SrtPeers.finish(p, 30);
        assertEquals(0, p.exitValue(), out);
        assertEquals(ResultCodes.CLIENT_TERMINATED_SESSION, disconnectCode());
        assertWholeContribution();
        var connected = sdk(ofType(MediaEventTypes.ENCODER_CONNECTED).get(0), MediaLiveEventEncoderConnectedEventData.class);
        assertEquals("127.0.0.1", connected.getEncoderIp());
        assertTrue(connected.getIngestUrl().startsWith("srt://"), connected.getIngestUrl());
        assertEquals(2, ofType(MediaEventTypes.INCOMING_STREAM_RECEIVED).size());
        assertFalse(events.stream().map(EventJson::toJson).anyMatch(j -> j.contains(c.streamKey())), "no event carries the key");
    }

    @Test
    void srtLiveTransmitPublishesWithTheAccessControlStreamId() throws Exception {
        CreatedChannel c = running("relay", null);
        Process p = SrtPeers.srtLiveTransmit(source, port, "streamid=#!::r=" + c.streamKey() + ",m=publish");
        // srt-live-transmit keeps its link open after its input ends: the session ends by the idle timeout (3 s here)
        try {
            assertEquals(ResultCodes.SESSION_IDLE_TIMEOUT, disconnectCode());
        } finally {
            SrtPeers.end(p);
        }
        assertWholeContribution();
    }

    @Test
    void gstreamerSrtsinkPublishesItsOwnMux() throws Exception {
        CreatedChannel c = running("gst", null);
        Process p = SrtPeers.gstreamer(port, c.streamKey(), 4);
        SrtPeers.finish(p, 40);
        disconnectCode();
        long video = samples.stream().filter(s -> s.type() == TrackType.VIDEO).count();
        long audio = samples.stream().filter(s -> s.type() == TrackType.AUDIO).count();
        assertTrue(video >= 110, video + " frames");
        assertTrue(audio >= 170, audio + " AAC frames");
    }

    @Test
    void theRightPassphraseEncryptsTheLinkAndAWrongOneIsRefused() throws Exception {
        CreatedChannel c = running("secret", "correct-horse-battery");
        Process wrong = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey() + "&passphrase=wrong-passphrase");
        String out = SrtPeers.finish(wrong, 30);
        assertNotEquals(0, wrong.exitValue(), out);
        assertEquals(ResultCodes.APPID_AUTH_FAILURE, rejectionCode());
        Process none = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        SrtPeers.finish(none, 30);
        awaitEvent(MediaEventTypes.CONNECTION_REJECTED, 2);
        assertTrue(samples.isEmpty(), "nothing of a refused caller reaches the channel");
        assertTrue(ofType(MediaEventTypes.ENCODER_CONNECTED).isEmpty());

        Process right = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey() + "&passphrase=correct-horse-battery");
        String rightOut = SrtPeers.finish(right, 30);
        assertEquals(0, right.exitValue(), rightOut);
        disconnectCode();
        assertWholeContribution();
        assertFalse(events.stream().map(EventJson::toJson).anyMatch(j -> j.contains("horse")), "no event carries the passphrase");
    }

    @Test
    void aWrongKeyAStoppedChannelAndASecondPublisherAreRefusedWithTheirCodes() throws Exception {
        CreatedChannel c = running("busy", null);
        Process bad = SrtPeers.ffmpeg(source, port, "streamid=not-a-key");
        SrtPeers.finish(bad, 30);
        assertNotEquals(0, bad.exitValue());
        assertEquals(ResultCodes.APPID_AUTH_FAILURE, rejectionCode());

        Process first = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        awaitEvent(MediaEventTypes.ENCODER_CONNECTED, 1);
        Process second = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        SrtPeers.finish(second, 30);
        assertNotEquals(0, second.exitValue());
        awaitEvent(MediaEventTypes.CONNECTION_REJECTED, 2);
        assertEquals(ResultCodes.ALREADY_PUBLISHING,
                sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(1), MediaLiveEventConnectionRejectedEventData.class).getResultCode());
        SrtPeers.finish(first, 30);
        assertEquals(0, first.exitValue());

        CreatedChannel stopped = channels.create("idle", spec(null));
        Process toStopped = SrtPeers.ffmpeg(source, port, "streamid=" + stopped.streamKey());
        SrtPeers.finish(toStopped, 30);
        awaitEvent(MediaEventTypes.CONNECTION_REJECTED, 3);
        assertEquals(ResultCodes.CHANNEL_NOT_RUNNING,
                sdk(ofType(MediaEventTypes.CONNECTION_REJECTED).get(2), MediaLiveEventConnectionRejectedEventData.class).getResultCode());
    }

    @Test
    void theBackupStreamIdPublishesToTheChannelsSecondInputAlongsideThePrimary() throws Exception {
        CreatedChannel c = running("redundant", null);
        assertEquals("srt://127.0.0.1:" + port + "?streamid=backup/" + c.streamKey(), c.endpoints().srtBackup());
        Process primary = SrtPeers.ffmpeg(source, port, "streamid=live/" + c.streamKey() + "/cam1");
        Process backup = SrtPeers.ffmpeg(source, port, "streamid=#!::r=backup/" + c.streamKey() + ",m=publish");
        SrtPeers.finish(primary, 30);
        SrtPeers.finish(backup, 30);
        assertEquals(0, primary.exitValue());
        assertEquals(0, backup.exitValue());
        awaitEvent(MediaEventTypes.ENCODER_DISCONNECTED, 2);
        List<String> urls = ofType(MediaEventTypes.ENCODER_CONNECTED).stream()
                .map(e -> sdk(e, MediaLiveEventEncoderConnectedEventData.class).getIngestUrl()).sorted().toList();
        assertEquals(List.of("srt://host:" + port + "/backup", "srt://host:" + port + "/live"), urls);
        assertTrue(ofType(MediaEventTypes.ENCODER_CONNECTED).stream()
                .anyMatch(e -> "cam1".equals(sdk(e, MediaLiveEventEncoderConnectedEventData.class).getStreamId())));
        assertTrue(ofType(MediaEventTypes.CONNECTION_REJECTED).isEmpty());
    }

    @Test
    void heartbeatsCarryTheLinksRttLossAndRetransmits() throws Exception {
        CreatedChannel c = running("stats", null);
        Process p = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        awaitEvent(MediaEventTypes.INGEST_HEARTBEAT, 2);
        SrtPeers.finish(p, 30);
        JsonNode hb = JSON.readTree(EventJson.toJson(ofType(MediaEventTypes.INGEST_HEARTBEAT).get(0))).get("data");
        JsonNode srt = hb.get("srt");
        assertTrue(srt != null && srt.get("packetsReceived").asLong() > 0, hb.toString());
        assertTrue(srt.get("rttMs").asDouble() >= 0 && srt.get("rttMs").asDouble() < 1000, srt.toString());
        assertEquals(0, srt.get("packetsLost").asLong(), "no loss on loopback");
        assertTrue(srt.has("packetsRetransmitted") && srt.get("latencyMs").asInt() >= 120, srt.toString());
    }

    @Test
    void otherCodecsAreRefusedAsUnsupported() throws Exception {
        CreatedChannel c = running("mpeg2", null);
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-t", "3", "-c:v", "mpeg2video", "-f", "mpegts", "srt://127.0.0.1:" + port + "?streamid=" + c.streamKey())
                .redirectErrorStream(true).start();
        try {
            assertEquals(ResultCodes.CODEC_NOT_SUPPORTED, disconnectCode());
        } finally {
            SrtPeers.end(p);
        }
    }

    @Test
    void garbageInsideTheLinkIsAMalformedStreamAndRandomDatagramsAreIgnored() throws Exception {
        byte[] junk = new byte[1316];
        Random r = new Random(7);
        try (DatagramSocket udp = new DatagramSocket()) {
            for (int i = 0; i < 2000; i++) {
                r.nextBytes(junk);
                udp.send(new DatagramPacket(junk, 1 + r.nextInt(junk.length), InetAddress.getLoopbackAddress(), port));
            }
        }
        CreatedChannel c = running("junk", null);
        Path garbage = shared.resolve("garbage.bin");
        byte[] bytes = new byte[200_000];
        r.nextBytes(bytes);
        java.nio.file.Files.write(garbage, bytes);
        // srt-live-transmit drops what it reads before its link is up, so the garbage follows a second
        // later; stdin stays open after it, so srt-live-transmit keeps its link until we end it
        Process p = new ProcessBuilder("bash", "-c", "(sleep 1; cat " + garbage + "; sleep 8) | srt-live-transmit -q -a:no file://con 'srt://127.0.0.1:"
                + port + "?streamid=" + c.streamKey() + "'").redirectErrorStream(true).start();
        try {
            assertEquals(ResultCodes.MALFORMED_TS, disconnectCode());
        } finally {
            SrtPeers.end(p);
        }
        // the listener still serves a good caller afterwards
        Process good = SrtPeers.ffmpeg(source, port, "streamid=" + c.streamKey());
        String out = SrtPeers.finish(good, 30);
        assertEquals(0, good.exitValue(), out);
        awaitEvent(MediaEventTypes.ENCODER_DISCONNECTED, 2);
        assertEquals(0, server.connections());
    }
}
