package io.livepipe.encoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.MediaLiveEventEncoderDisconnectedEventData;
import io.livepipe.archive.SegmentName;
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
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 1 with real peers: FFmpeg publishers over RTMP (Netty), the real segment writer
 * on a file store wrapped so that one channel's writes stall. Eleven channels publish one
 * recorded source at its own pace ({@code -re}, stream copy, so eleven publishers fit on a small
 * machine); the other channels' segments are stored as their media time passes while one
 * channel's store hangs, and the stalled channel catches up without losing anything.
 */
class IngestOffLoopTest {
    static final double SOURCE_SECONDS = IngestHarness.SOURCE_SECONDS;
    @TempDir
    static Path shared;
    static Path source;
    @TempDir
    Path root;
    IngestHarness h;

    @BeforeAll
    static void recordSource() throws Exception { source = IngestHarness.record(shared, SOURCE_SECONDS); }

    @AfterEach
    void stop() { if (h != null) h.close(); }

    void start(StageLimits limits) throws Exception {
        h = new IngestHarness(root);
        h.start(limits);
    }

    @Test
    void aStoreStalledFiveSecondsForOneChannelDelaysNoSegmentOfTenOthersAndLosesNothing() throws Exception {
        start(StageLimits.defaults());
        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            names.add("ch" + i);
            keys.add(h.running("ch" + i).streamKey());
        }
        List<Process> publishers = new ArrayList<>();
        for (String k : keys) publishers.add(h.publish(source, k));
        // Once every channel has its first segment stored, ch0's store hangs for 5 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && names.stream().anyMatch(n -> h.fragments(n, "video").isEmpty())) Thread.sleep(50);
        h.media.stall(SegmentName.runPrefix("ch0", h.channels.get("ch0").runId()), Duration.ofSeconds(5));

        for (Process p : publishers) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "publisher finished");
            assertEquals(0, p.exitValue(), "no publisher was cut");
        }
        h.awaitDisconnects(11);
        h.awaitStagesIdle(names);

        List<String> reference = IngestHarness.timeline(h.fragments("ch1", "video"));
        List<String> referenceAudio = IngestHarness.timeline(h.fragments("ch1", "audio"));
        double stored = h.fragments("ch1", "video").get(reference.size() - 1).endSeconds();
        assertTrue(Math.abs(stored - SOURCE_SECONDS) < 0.2, "the whole source is stored: " + stored + " s");
        long worstOthers = 0;
        for (String n : names) {
            List<IngestHarness.Stored> video = h.fragments(n, "video");
            List<IngestHarness.Stored> audio = h.fragments(n, "audio");
            IngestHarness.assertContiguous(n + " video", video);
            IngestHarness.assertContiguous(n + " audio", audio);
            assertEquals(reference, IngestHarness.timeline(video), n + ": every video sample stored, as in every other channel");
            assertEquals(referenceAudio, IngestHarness.timeline(audio), n + ": every audio sample stored, as in every other channel");
            if (!n.equals("ch0")) worstOthers = Math.max(worstOthers, IngestHarness.maxLatenessMs(video));
        }
        long stalled = IngestHarness.maxLatenessMs(h.fragments("ch0", "video"));
        System.out.println("figure=segment_lateness_ms stalled_channel=" + stalled + " worst_other_channel=" + worstOthers);
        assertTrue(stalled >= 3_000, "the stall was real and the measure sees it: " + stalled + " ms");
        assertTrue(worstOthers < 1_500, "no other channel's segment was delayed: worst " + worstOthers + " ms");
        assertTrue(h.events.stream().noneMatch(e -> e.eventType().equals(MediaEventTypes.INCOMING_DATA_CHUNK_DROPPED)));
    }

    @Test
    void aFullStageStopsReadingSoTcpSlowsThePublisherAndNothingIsLost() throws Exception {
        // A stage of 64 KiB: a 4 s stall at ~60 KB/s passes its high mark, reading stops, the encoder waits.
        start(StageLimits.defaults().withHighWater(64 << 10, 3_000).withStallTimeout(Duration.ofSeconds(15)));
        CreatedChannel slow = h.running("slow");
        CreatedChannel fast = h.running("fast");
        Process a = h.publish(source, slow.streamKey());
        Process b = h.publish(source, fast.streamKey());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && h.fragments("slow", "video").isEmpty()) Thread.sleep(50);
        h.media.stall(SegmentName.runPrefix("slow", h.channels.get("slow").runId()), Duration.ofSeconds(4));
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), "the slowed publisher was not cut");
        h.awaitDisconnects(2);
        h.awaitStagesIdle(List.of("slow", "fast"));

        long peak = h.ingest.stageBytes("slow")[1];
        System.out.println("figure=stage_peak_bytes high_water=" + (64 << 10) + " peak=" + peak);
        assertTrue(peak > 64 << 10, "the stage passed its high mark: " + peak);
        assertTrue(peak < 1 << 20, "reading stopped near the mark (one read beyond it at most): " + peak);
        assertEquals(IngestHarness.timeline(h.fragments("fast", "video")), IngestHarness.timeline(h.fragments("slow", "video")), "every video sample stored");
        assertEquals(IngestHarness.timeline(h.fragments("fast", "audio")), IngestHarness.timeline(h.fragments("slow", "audio")), "every audio sample stored");
        IngestHarness.assertContiguous("slow video", h.fragments("slow", "video"));
    }

    @Test
    void aStageFullPastTheStallTimeoutCutsThePublisherWithAClearEventAndKeepsWhatItAccepted() throws Exception {
        start(StageLimits.defaults().withHighWater(64 << 10, 3_000).withStallTimeout(Duration.ofSeconds(2)));
        CreatedChannel c = h.running("jam");
        Process p = h.publish(source, c.streamKey());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && h.fragments("jam", "video").isEmpty()) Thread.sleep(50);
        h.media.stall(SegmentName.runPrefix("jam", h.channels.get("jam").runId()), Duration.ofSeconds(6));
        h.awaitDisconnects(1);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<EventGridEvent> gone = h.events.stream().filter(e -> e.eventType().equals(MediaEventTypes.ENCODER_DISCONNECTED)).toList();
        assertEquals(1, gone.size());
        var data = com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJson(gone.get(0))).get(0).getData()
                .toObject(MediaLiveEventEncoderDisconnectedEventData.class);
        assertEquals("MPE_INGEST_BITRATE_AGGREGATED_EXCEEDED", data.getResultCode());
        h.awaitStagesIdle(List.of("jam"));
        long peak = h.ingest.stageBytes("jam")[1];
        assertTrue(peak < 1 << 20, "bounded while cut: " + peak);
        List<IngestHarness.Stored> video = h.fragments("jam", "video");
        IngestHarness.assertContiguous("jam video", video);
        assertFalse(video.isEmpty());
        double end = video.get(video.size() - 1).endSeconds();
        assertTrue(end < SOURCE_SECONDS - 1, "the publisher was cut before the end: " + end);
        assertTrue(h.media.stored.keySet().stream().filter(k -> k.contains("/video/")).count() >= video.size());
        System.out.println("figure=cut_after_stall stored_until_s=" + end + " peak_bytes=" + peak
                + " fragments=" + video.stream().map(s -> s.name().sequence()).collect(Collectors.toList()));
    }
}
