package io.livepipe.encoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventConnectionRejectedEventData;
import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderConnectedEventData;
import io.livepipe.channel.CreatedChannel;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.MediaEventTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 5 with real peers: a channel's primary ({@code /live/KEY}) and backup
 * ({@code /backup/KEY}) publishers are FFmpeg processes over RTMP; the archive is the real
 * segment writer on a file store. "One encoder, two outputs" is two FFmpeg relays of one
 * recording started together, the backup as soon as the primary is connected (the same
 * bitstream and timestamps on both inputs, the backup's a little behind); independent
 * encoders are the same recording started three seconds apart (other timestamps).
 */
class RedundantIngestTest {
    static final double SECONDS = IngestHarness.SOURCE_SECONDS;
    @TempDir
    static Path shared;
    static Path source;
    @TempDir
    Path root;
    IngestHarness h;

    @BeforeAll
    static void recordSource() throws Exception { source = IngestHarness.record(shared, SECONDS); }

    @AfterEach
    void stop() { if (h != null) h.close(); }

    CreatedChannel start() throws Exception {
        h = new IngestHarness(root);
        h.start(StageLimits.defaults().withFailoverThreshold(Duration.ofSeconds(2)));
        return h.running("news");
    }

    static <T> T sdk(EventGridEvent e, Class<T> type) {
        return com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(e)).get(0).getData().toObject(type);
    }

    /** Livepipe.IngestInputActive events, parsed by the Event Grid SDK into their fields. */
    List<Map<?, ?>> activeEvents() {
        return h.ofType(LivepipeEventTypes.INGEST_INPUT_ACTIVE).stream().<Map<?, ?>>map(e -> sdk(e, Map.class)).toList();
    }

    List<IngestHarness.Stored> waitArchived(int disconnects) throws InterruptedException {
        h.awaitDisconnects(disconnects);
        h.awaitStagesIdle(List.of("news"));
        return h.fragments("news", "video");
    }

    static long discontinuities(List<IngestHarness.Stored> fs) {
        return fs.stream().filter(f -> f.name().discontinuity()).count();
    }

    void assertWholeWithoutDiscontinuity(String how) {
        List<IngestHarness.Stored> video = h.fragments("news", "video");
        List<IngestHarness.Stored> audio = h.fragments("news", "audio");
        IngestHarness.assertContiguous(how + " video", video);
        IngestHarness.assertContiguous(how + " audio", audio);
        assertEquals(0, discontinuities(video), how + ": no discontinuity in video");
        assertEquals(0, discontinuities(audio), how + ": no discontinuity in audio");
        double start = (double) video.get(0).name().decodeTime() / video.get(0).name().timescale();
        double end = video.get(video.size() - 1).endSeconds();
        assertTrue(end - start > SECONDS - 0.2, how + ": the whole recording, no gap: " + start + " to " + end + " s");
    }

    /** Both inputs of one source, the primary connected first. */
    record Inputs(Process primary, Process backup) { }

    /** The channel with its primary, then its backup publishing the same source, three seconds into the archive. */
    Inputs bothPublishing() throws Exception {
        CreatedChannel c = start();
        Process primary = h.publish(source, "live", c.streamKey());
        h.awaitEvent(MediaEventTypes.ENCODER_CONNECTED, 1);
        Process backup = h.publish(source, "backup", c.streamKey());
        h.awaitFirstFragment("news");
        Thread.sleep(3_000);
        return new Inputs(primary, backup);
    }

    @Test
    void primaryKilledWhileTheBackupCarriesTheSameStreamLeavesNoDiscontinuityAndNoGap() throws Exception {
        Inputs in = bothPublishing();
        Process primary = in.primary();
        Process backup = in.backup();
        primary.destroyForcibly();
        assertTrue(backup.waitFor(40, TimeUnit.SECONDS));
        assertEquals(0, backup.exitValue());
        waitArchived(2);

        assertWholeWithoutDiscontinuity("failover on disconnect");
        List<Map<?, ?>> active = activeEvents();
        assertEquals(2, active.size(), "primary active at connect, then the backup: " + active);
        assertEquals("primary", active.get(0).get("input"));
        assertEquals("connected", active.get(0).get("reason"));
        assertEquals("backup", active.get(1).get("input"));
        assertEquals("primary", active.get(1).get("previousInput"));
        assertEquals("failover_disconnected", active.get(1).get("reason"));
        assertEquals(false, active.get(1).get("discontinuity"));
        List<String> urls = h.ofType(MediaEventTypes.ENCODER_CONNECTED).stream()
                .map(e -> sdk(e, MediaLiveEventEncoderConnectedEventData.class).getIngestUrl()).sorted().toList();
        assertTrue(urls.get(0).endsWith("/backup") && urls.get(1).endsWith("/live"), "events say which input: " + urls);
        assertTrue(h.ofType(MediaEventTypes.TRACK_DISCONTINUITY_DETECTED).isEmpty());
    }

    @Test
    void primaryStalledPastTheThresholdFailsOverToTheBackupWithoutDiscontinuity() throws Exception {
        Inputs in = bothPublishing();
        Process primary = in.primary();
        Process backup = in.backup();
        // The primary's process stops (as a hung encoder would): its connection stays open and silent.
        new ProcessBuilder("kill", "-STOP", Long.toString(primary.pid())).start().waitFor();
        try {
            assertTrue(backup.waitFor(40, TimeUnit.SECONDS));
        } finally {
            primary.destroyForcibly();
        }
        waitArchived(2);

        assertWholeWithoutDiscontinuity("failover on stall");
        List<Map<?, ?>> active = activeEvents();
        assertEquals("failover_stalled", active.get(1).get("reason"), String.valueOf(active));
        assertEquals("backup", active.get(1).get("input"));
        assertEquals(false, active.get(1).get("discontinuity"));
    }

    @Test
    void independentEncodersFailOverWithOneMarkedDiscontinuity() throws Exception {
        CreatedChannel c = start();
        Process primary = h.publish(source, "live", c.streamKey());
        h.awaitFirstFragment("news");
        Thread.sleep(3_000);
        Process backup = h.publish(source, "backup", c.streamKey());
        Thread.sleep(2_000);
        primary.destroyForcibly();
        assertTrue(backup.waitFor(40, TimeUnit.SECONDS));
        List<IngestHarness.Stored> video = waitArchived(2);
        List<IngestHarness.Stored> audio = h.fragments("news", "audio");

        assertEquals(1, discontinuities(video), "one marked discontinuity in video");
        assertEquals(1, discontinuities(audio), "one marked discontinuity in audio");
        int cut = video.indexOf(video.stream().filter(f -> f.name().discontinuity()).findFirst().orElseThrow());
        IngestHarness.assertContiguous("video before the switch", video.subList(0, cut));
        IngestHarness.assertContiguous("video after the switch", video.subList(cut, video.size()));
        assertTrue(video.get(cut).name().decodeTime() >= video.get(cut - 1).name().decodeTime() + video.get(cut - 1).name().duration(),
                "the archive's time goes on across the discontinuity");
        List<Map<?, ?>> active = activeEvents();
        assertEquals(true, active.get(1).get("discontinuity"), String.valueOf(active));
        assertEquals(1, h.ofType(MediaEventTypes.TRACK_DISCONTINUITY_DETECTED).size());
    }

    @Test
    void aSecondPublisherOnAnInputInUseIsRefusedAndTheBackupUrlIsInTheAnswer() throws Exception {
        CreatedChannel c = start();
        assertEquals("rtmp://127.0.0.1:" + h.port + "/backup/" + c.streamKey(), c.endpoints().rtmpBackup());
        Process primary = h.publish(source, "live", c.streamKey());
        h.awaitFirstFragment("news");
        Process second = h.publish(source, "live", c.streamKey());
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        assertFalse(second.exitValue() == 0, "refused");
        var r = sdk(h.ofType(MediaEventTypes.CONNECTION_REJECTED).get(0), MediaLiveEventConnectionRejectedEventData.class);
        assertEquals("MPE_INGEST_RTMP_ALREADY_PUBLISHING", r.getResultCode());
        primary.destroyForcibly();
        primary.waitFor();
    }
}
