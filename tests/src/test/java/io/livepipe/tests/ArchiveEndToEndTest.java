package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.archive.SegmentName;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pass-through archiving end to end: FFmpeg publishes over RTMP twice into one channel run; the
 * stored segments, concatenated with their init segment, are read by ffprobe and FFmpeg with no
 * error; a reconnect continues the timeline with a flagged discontinuity.
 */
class ArchiveEndToEndTest {
    static LocalPlatformHarness lp;

    @BeforeAll
    static void start() { lp = new LocalPlatformHarness(); }

    @AfterAll
    static void stop() { lp.close(); }

    static void publish(String key, double seconds) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000",
                "-t", Double.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "30",
                "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void storedSegmentsPlayAndAReconnectContinuesTheTimeline() throws Exception {
        JsonNode c = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"arch\",\"keyFrameInterval\":\"PT1S\"}"));
        String key = c.get("streamKey").asText();
        String run = LocalPlatformHarness.json(lp.api("POST", "channels/arch/start", null)).get("runId").asText();
        publish(key, 4);
        publish(key, 3);
        Thread.sleep(500);
        BlobStore media = lp.platform.platform().media();
        String prefix = SegmentName.runPrefix("arch", run);
        List<SegmentName> video = media.list(prefix + "video/").stream().map(BlobProperties::path)
                .map(p -> SegmentName.parse(p).orElseThrow(() -> new AssertionError("unparseable " + p)))
                .filter(n -> !n.init()).sorted(Comparator.comparingLong(SegmentName::sequence)).toList();
        assertTrue(video.size() >= 6, "about 7 one-second fragments: " + video.size());
        assertTrue(video.stream().allMatch(SegmentName::keyframe));
        assertEquals(1, video.stream().filter(SegmentName::discontinuity).count(), "the reconnect is flagged once");
        for (int i = 1; i < video.size(); i++) {
            SegmentName a = video.get(i - 1), b = video.get(i);
            assertEquals(a.sequence() + 1, b.sequence());
            assertTrue(b.decodeTime() >= a.decodeTime() + a.duration(), "decode times never go back");
            if (!b.discontinuity()) assertEquals(a.decodeTime() + a.duration(), b.decodeTime(), "continuous within a session");
        }
        assertTrue(media.list(prefix + "audio/").size() > 3);

        for (String rendition : List.of("video", "audio")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(media.get(prefix + rendition + "/init.mp4").orElseThrow().data());
            for (BlobProperties p : media.list(prefix + rendition + "/")) {
                if (p.path().endsWith(".m4s")) all.writeBytes(media.get(p.path()).orElseThrow().data());
            }
            Path f = Files.createTempFile(rendition, ".mp4");
            Files.write(f, all.toByteArray());
            assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", f.toString(), "-f", "null", "-")).trim(), rendition);
            double duration = Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                    "-of", "csv=p=0", f.toString())).trim());
            assertEquals(7.0, duration, 0.5, rendition + " holds both sessions");
        }
    }

    @Test
    void programRecordsIntoAnAssetThatBecomesVodAndPlays() throws Exception {
        JsonNode c = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"prog\",\"keyFrameInterval\":\"PT1S\"}"));
        String key = c.get("streamKey").asText();
        lp.api("POST", "channels/prog/start", null);
        assertEquals(400, lp.api("POST", "channels/prog/programs", "{\"name\":\"show\",\"archiveWindow\":\"PT30S\"}").statusCode());
        var created = lp.api("POST", "channels/prog/programs", "{\"name\":\"show\",\"assetName\":\"show-1\",\"archiveWindow\":\"PT10M\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(409, lp.api("POST", "channels/prog/programs", "{\"name\":\"show\"}").statusCode());
        publish(key, 4);
        Thread.sleep(1500);
        assertEquals("Stopped", LocalPlatformHarness.json(lp.api("POST", "channels/prog/programs/show/stop", null)).get("state").asText());
        JsonNode asset = LocalPlatformHarness.json(lp.api("GET", "assets/show-1", null));
        assertEquals("vod", asset.get("state").asText());
        assertTrue(asset.get("durationSeconds").asDouble() > 3, asset.toString());
        JsonNode video = asset.get("timeline").get("video");
        assertTrue(video.get("segments").size() >= 3);

        BlobStore media = lp.platform.platform().media();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(media.get(video.get("initByRun").elements().next().asText()).orElseThrow().data());
        for (JsonNode e : video.get("segments")) all.writeBytes(media.get(e.get("path").asText()).orElseThrow().data());
        Path f = Files.createTempFile("asset", ".mp4");
        Files.write(f, all.toByteArray());
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", f.toString(), "-f", "null", "-")).trim());
        assertEquals(404, lp.api("DELETE", "channels/prog/programs/nope", null).statusCode());
        assertEquals(204, lp.api("DELETE", "channels/prog/programs/show", null).statusCode());
        assertEquals(200, lp.api("GET", "assets/show-1", null).statusCode(), "the asset outlives its program");
    }

    @Test
    void encodeModeChannelStoresAnAlignedLadder() throws Exception {
        JsonNode c = LocalPlatformHarness.json(lp.api("POST", "channels",
                "{\"name\":\"enc\",\"mode\":\"encode\",\"ladderPreset\":\"Default720p\",\"keyFrameInterval\":\"PT2S\"}"));
        String key = c.get("streamKey").asText();
        String run = LocalPlatformHarness.json(lp.api("POST", "channels/enc/start", null)).get("runId").asText();
        publish(key, 7);
        BlobStore media = lp.platform.platform().media();
        String prefix = SegmentName.runPrefix("enc", run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.Map<String, List<SegmentName>> byRendition = java.util.Map.of();
        while (System.nanoTime() < deadline) {
            byRendition = media.list(prefix).stream().map(p -> SegmentName.parse(p.path()).orElseThrow())
                    .filter(n -> !n.init()).collect(java.util.stream.Collectors.groupingBy(SegmentName::rendition));
            if (byRendition.size() == 4 && byRendition.values().stream().allMatch(l -> l.size() >= 3)) break;
            Thread.sleep(250);
        }
        assertEquals(java.util.Set.of("audio", "video_850000", "video_550000", "video_200000"), byRendition.keySet(),
                "a 640x360 contribution gets the rungs at or below 360 lines");
        List<Long> starts = byRendition.get("video_850000").stream().map(SegmentName::decodeTime).sorted().toList();
        for (String r : List.of("video_550000", "video_200000")) {
            List<Long> other = byRendition.get(r).stream().map(SegmentName::decodeTime).sorted().toList();
            int n = Math.min(starts.size(), other.size());
            assertEquals(starts.subList(0, n), other.subList(0, n), r + " fragments start where the top rung's do");
        }
    }
}
