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

    /** The contribution, written once per length: the same bytes go to the channel and to ffprobe. */
    static final java.util.Map<Double, Path> SOURCES = new java.util.concurrent.ConcurrentHashMap<>();

    static Path source(double seconds) throws Exception { return source(seconds, "640x360"); }

    static Path source(double seconds, String size) throws Exception {
        double id = size.equals("640x360") ? seconds : -seconds - size.hashCode();
        Path f = SOURCES.get(id);
        if (f != null) return f;
        f = Files.createTempFile("source", ".flv");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=30", "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000",
                "-t", Double.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "30",
                "-c:a", "aac", "-f", "flv", f.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        SOURCES.put(id, f);
        return f;
    }

    static void publish(String key, double seconds) throws Exception { publish(key, source(seconds)); }

    static void publish(String key, Path source) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(),
                "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    /** Presentation time of the first video frame minus that of the first audio sample, in seconds. */
    static double videoLead(Path video, Path audio) throws Exception {
        return startTime(video, "v:0") - startTime(audio, "a:0");
    }

    static double startTime(Path f, String stream) throws Exception {
        return run(List.of("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", "-read_intervals", "%+#8", f.toString())).lines()
                .filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).min().orElseThrow();
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** One AAC frame at 48 kHz: how far apart the tracks' fragment boundaries may be. */
    static final double AUDIO_FRAME_SECONDS = 1024 / 48_000.0;

    /** The stored segments of one rendition of a run, by sequence (init segments left out). */
    static List<SegmentName> segments(BlobStore media, String prefix, String rendition) {
        return media.list(prefix + rendition + "/").stream().map(p -> SegmentName.parse(p.path()).orElseThrow())
                .filter(n -> !n.init()).sorted(Comparator.comparingLong(SegmentName::sequence)).toList();
    }

    /** Init segment then every segment of the rendition, as one file that FFmpeg reads. */
    static Path concatenated(BlobStore media, String prefix, String rendition) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(media.get(prefix + rendition + "/init.mp4").orElseThrow().data());
        for (SegmentName n : segments(media, prefix, rendition)) all.writeBytes(media.get(n.path()).orElseThrow().data());
        Path f = Files.createTempFile(rendition, ".mp4");
        Files.write(f, all.toByteArray());
        return f;
    }

    static double probedDuration(Path f) throws Exception {
        return Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", f.toString())).trim());
    }

    /**
     * A/V sync on the stored timeline: the first video frame leads the first audio sample by
     * what it led in the contribution, within one audio frame, in pass-through and in live
     * encoding alike (where FFmpeg's own AAC priming must not add to the contribution's).
     */
    static void assertLeadAsContributed(BlobStore media, String prefix, String videoRendition, double contributedLead) throws Exception {
        double lead = videoLead(concatenated(media, prefix, videoRendition), concatenated(media, prefix, "audio"));
        assertEquals(contributedLead, lead, AUDIO_FRAME_SECONDS, videoRendition + ": video leads audio as in the contribution");
    }

    /**
     * Where the fragmenter cuts, the tracks' segments start within one audio frame of each other
     * on the run's common timeline. Where a session starts (the first segment, and each
     * discontinuity) each track starts at its own first sample, so there the offset between the
     * tracks must be the same at every session start: a reconnect shifts both tracks alike.
     */
    static void assertBoundariesAligned(BlobStore media, String prefix, String videoRendition) {
        List<SegmentName> video = segments(media, prefix, videoRendition);
        List<SegmentName> audio = segments(media, prefix, "audio");
        assertTrue(Math.abs(video.size() - audio.size()) <= 1, "as many audio as video segments: " + video.size() + "/" + audio.size());
        Double sessionOffset = null;
        for (SegmentName v : video) {
            double vs = v.decodeTime() / (double) v.timescale();
            SegmentName nearest = audio.stream().min(Comparator.comparingDouble(
                    a -> Math.abs(a.decodeTime() / (double) a.timescale() - vs))).orElseThrow();
            double offset = nearest.decodeTime() / (double) nearest.timescale() - vs;
            if (v.sequence() == video.get(0).sequence() || v.discontinuity()) {
                assertTrue(nearest.sequence() == v.sequence() || nearest.discontinuity() == v.discontinuity(),
                        "session start " + v.sequence() + " has its audio counterpart");
                if (sessionOffset == null) sessionOffset = offset;
                assertEquals(sessionOffset, offset, AUDIO_FRAME_SECONDS, "session start " + v.sequence() + ": the tracks shift alike");
            } else {
                assertEquals(0, offset, AUDIO_FRAME_SECONDS + 1e-9, "video segment " + v.sequence() + " at " + vs + " s: audio within one frame");
            }
        }
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
        assertLeadAsContributed(media, prefix, "video", videoLead(source(4), source(4)));
        assertBoundariesAligned(media, prefix, "video");
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

        JsonNode listed = null;
        for (JsonNode a : LocalPlatformHarness.json(lp.api("GET", "assets", null)).get("value")) {
            if (a.get("name").asText().equals("show-1")) listed = a;
        }
        assertTrue(listed != null, "the asset is listed");
        assertEquals("vod", listed.get("state").asText());
        assertEquals("prog", listed.get("channel").asText());
        assertEquals(asset.get("durationSeconds").asDouble(), listed.get("durationSeconds").asDouble(), 1e-9);
        long bytes = 0;
        for (JsonNode rendition : asset.get("timeline")) for (JsonNode e : rendition.get("segments")) {
            bytes += media.properties(e.get("path").asText()).orElseThrow().size();
        }
        assertEquals(bytes, listed.get("sizeBytes").asLong(), "the size is the bytes of the segments referenced");
        assertEquals(asset.get("timeline").size(), listed.get("segmentsPerRendition").size(), "every rendition summarised");

        lp.api("POST", "channels/prog/programs", "{\"name\":\"next\",\"assetName\":\"next-1\"}");
        assertEquals(409, lp.api("DELETE", "assets/next-1", null).statusCode(), "an asset being recorded is not deleted");
        assertEquals(204, lp.api("DELETE", "assets/show-1", null).statusCode());
        assertEquals(404, lp.api("GET", "assets/show-1", null).statusCode());
        assertEquals(204, lp.api("DELETE", "assets/show-1", null).statusCode(), "a retried delete is not an error");
        assertTrue(media.get(video.get("segments").get(0).get("path").asText()).isPresent(),
                "deleting an asset leaves the channel's segments (the retention sweep decides)");
        lp.api("POST", "channels/prog/programs/next/stop", null);
    }

    /**
     * Issue 19, item 2: an encoder that comes back to the same key with other settings gets an
     * init segment of its own; the VOD sealed from the first session keeps every byte, decodes
     * without an error and is still 640x360; the second session's recording is 320x240.
     */
    @Test
    void aReconnectWithOtherSettingsLeavesTheSealedVodAsItWas() throws Exception {
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"reconf\",\"keyFrameInterval\":\"PT1S\"}"))
                .get("streamKey").asText();
        lp.api("POST", "channels/reconf/start", null);
        lp.api("POST", "channels/reconf/programs", "{\"name\":\"first\",\"assetName\":\"reconf-1\"}");
        publish(key, source(8));
        Thread.sleep(1500);
        lp.api("POST", "channels/reconf/programs/first/stop", null);
        String loc1 = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"reconf-1\",\"streamingPolicy\":\"clear\"}"))
                .get("id").asText();
        BlobStore media = lp.platform.platform().media();
        java.util.Map<String, byte[]> sealed = new java.util.TreeMap<>();
        for (JsonNode rendition : LocalPlatformHarness.json(lp.api("GET", "assets/reconf-1", null)).get("timeline")) {
            for (JsonNode init : rendition.get("initByRun")) sealed.put(init.asText(), media.get(init.asText()).orElseThrow().data());
            for (JsonNode e : rendition.get("segments")) sealed.put(e.get("path").asText(), media.get(e.get("path").asText()).orElseThrow().data());
        }
        String vodBefore = lp.send("GET", "/" + loc1 + "/video.m3u8", null, java.util.Map.of()).body();

        lp.api("POST", "channels/reconf/programs", "{\"name\":\"second\",\"assetName\":\"reconf-2\"}");
        publish(key, source(5, "320x240"));
        Thread.sleep(1500);
        lp.api("POST", "channels/reconf/programs/second/stop", null);
        String loc2 = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"reconf-2\",\"streamingPolicy\":\"clear\"}"))
                .get("id").asText();

        sealed.forEach((path, bytes) -> org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, media.get(path).orElseThrow().data(), path));
        assertEquals(vodBefore, lp.send("GET", "/" + loc1 + "/video.m3u8", null, java.util.Map.of()).body(), "the sealed playlist is the same");
        String vod1 = lp.base + "/" + loc1 + "/master.m3u8";
        String vod2 = lp.base + "/" + loc2 + "/master.m3u8";
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", vod1, "-f", "null", "-")).trim(), "the sealed VOD decodes cleanly");
        assertEquals("640,360", size(vod1));
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", vod2, "-f", "null", "-")).trim(), "the second session decodes cleanly");
        assertEquals("320,240", size(vod2));
        String second = lp.send("GET", "/" + loc2 + "/video.m3u8", null, java.util.Map.of()).body();
        assertTrue(second.contains(".1.mp4\""), "the second session names its own init: " + second);
    }

    static String size(String url) throws Exception {
        return run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                "-of", "csv=p=0", url)).lines().map(String::trim).filter(l -> !l.isEmpty()).distinct()
                .collect(java.util.stream.Collectors.joining(";"));
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

        // Wait for the ladder to write its last fragments after the publisher left.
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int count = -1;
        while (System.nanoTime() < settled) {
            int now = media.list(prefix).size();
            if (now == count) break;
            count = now;
            Thread.sleep(1500);
        }
        for (String rendition : byRendition.keySet()) {
            List<SegmentName> segs = segments(media, prefix, rendition);
            for (int i = 1; i < segs.size(); i++) {
                assertEquals(segs.get(i - 1).decodeTime() + segs.get(i - 1).duration(), segs.get(i).decodeTime(),
                        rendition + " is continuous");
            }
            Path f = concatenated(media, prefix, rendition);
            assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", f.toString(), "-f", "null", "-")).trim(), rendition);
            double stored = segs.stream().mapToDouble(n -> n.duration() / (double) n.timescale()).sum();
            assertEquals(stored, probedDuration(f), 0.1, rendition + ": ffprobe reads the durations we stored");
            assertEquals(7.0, stored, 0.75, rendition + " holds the 7 s published");
            if (rendition.startsWith("video")) {
                assertTrue(segs.stream().allMatch(SegmentName::keyframe), rendition + " segments start on keyframes");
                String dims = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                        "stream=codec_name,height", "-of", "csv=p=0", f.toString())).trim();
                assertTrue(dims.startsWith("h264,"), rendition + ": " + dims);
            }
        }
        assertBoundariesAligned(media, prefix, "video_850000");
        double contributed = videoLead(source(7), source(7));
        for (String r : List.of("video_850000", "video_550000", "video_200000")) {
            assertLeadAsContributed(media, prefix, r, contributed);
        }
    }
}
