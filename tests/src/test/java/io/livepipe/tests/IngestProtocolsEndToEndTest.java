package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, items 1 and 4: FFmpeg publishes the same contribution over RTMPS (the platform's
 * self-signed certificate accepted), Smooth ingest ({@code -f ismv} POST) and low-latency DASH
 * ({@code -f dash -method PUT -streaming 1 -ldash 1}) to the URLs of the channel answer; each
 * recording plays from HLS and DASH with FFmpeg, with the contribution's duration and A/V sync
 * within one audio frame, and the channel's events carry no stream key.
 */
class IngestProtocolsEndToEndTest {
    static final double SECONDS = 6;
    static LocalPlatformHarness lp;
    static Path source;
    static double contributedLead;

    @BeforeAll
    static void start() throws Exception {
        lp = new LocalPlatformHarness();
        source = ArchiveEndToEndTest.source(SECONDS);
        contributedLead = ArchiveEndToEndTest.videoLead(source, source);
    }

    @AfterAll
    static void stop() { lp.close(); }

    /** A running channel recording into asset {@code name}; its create answer. */
    static JsonNode channel(String name) {
        JsonNode c = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"" + name + "\",\"keyFrameInterval\":\"PT2S\"}"));
        lp.api("POST", "channels/" + name + "/start", null);
        assertEquals(201, lp.api("POST", "channels/" + name + "/programs", "{\"name\":\"show\",\"assetName\":\"" + name
                + "-show\",\"archiveWindow\":\"PT10M\"}").statusCode());
        return c;
    }

    static void publish(String... output) throws Exception {
        List<String> args = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(), "-c", "copy"));
        args.addAll(List.of(output));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** Stops the program, publishes the asset and plays it from HLS and DASH: duration and A/V sync as contributed. */
    static void assertRecordingPlays(String name, String key) throws Exception {
        // A push has no unpublish: its end (a static manifest, a POST's end) is seen a moment later; the last segment is written then.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && !lp.api("GET", "channels/" + name + "/events", null).body().contains("EncoderDisconnected")) {
            Thread.sleep(200);
        }
        Thread.sleep(1500);
        lp.api("POST", "channels/" + name + "/programs/show/stop", null);
        String locator = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"" + name + "-show\",\"streamingPolicy\":\"clear\"}"))
                .get("id").asText();
        for (String manifest : List.of("master.m3u8", "manifest.mpd")) {
            String url = lp.base + "/" + locator + "/" + manifest;
            String probed = ArchiveEndToEndTest.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url)).trim();
            double duration = Double.parseDouble(probed);
            assertEquals(SECONDS, duration, 0.3, name + " " + manifest + ": the contribution's duration");
            double lead = startTime(url, "v:0") - startTime(url, "a:0");
            assertEquals(contributedLead, lead, ArchiveEndToEndTest.AUDIO_FRAME_SECONDS, name + " " + manifest + ": video leads audio as contributed");
            // in the demuxer's time base, not the null output's 1/frame-rate, which can round two frames onto one tick
            String decoded = ArchiveEndToEndTest.run(List.of("ffmpeg", "-v", "error", "-i", url, "-enc_time_base", "-1", "-f", "null", "-")).trim();
            assertEquals("", decoded, name + " " + manifest + " decodes without an error");
        }
        String events = lp.api("GET", "channels/" + name + "/events", null).body();
        assertTrue(events.contains("EncoderConnected"), events);
        assertFalse(events.contains(key), "no stream key in the channel's events");
    }

    /** The earliest presentation time of the first packets of {@code stream} at {@code url}, in seconds. */
    static double startTime(String url, String stream) throws Exception {
        return ArchiveEndToEndTest.run(List.of("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", "-read_intervals", "%+#8", url)).lines()
                .filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).min().orElseThrow();
    }

    @Test
    void rtmpsPublishFromTheChannelAnswerPlaysBack() throws Exception {
        JsonNode c = channel("tls");
        String url = c.get("rtmpsIngestUrl").asText();
        assertEquals("rtmps://127.0.0.1:" + lp.platform.rtmpsPort() + "/live/" + c.get("streamKey").asText(), url);
        publish("-f", "flv", url);
        assertRecordingPlays("tls", c.get("streamKey").asText());
        String events = lp.api("GET", "channels/tls/events", null).body();
        assertTrue(events.contains("rtmps://127.0.0.1:" + lp.platform.rtmpsPort() + "/live"), events);
    }

    @Test
    void smoothIngestPostPlaysBack() throws Exception {
        JsonNode c = channel("smooth");
        String push = c.get("pushIngestUrl").asText();
        assertEquals(lp.base + "/ingest/" + c.get("streamKey").asText(), push);
        publish("-f", "ismv", push + "/Streams(cam)");
        assertRecordingPlays("smooth", c.get("streamKey").asText());
        String events = lp.api("GET", "channels/smooth/events", null).body();
        assertTrue(events.contains(lp.base + "/ingest"), events);
    }

    @Test
    void aTruncatedPushIsRefusedWith400AndEndsInAnEvent() throws Exception {
        JsonNode c = channel("broken");
        byte[] ismv;
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", source.toString(), "-t", "2", "-c", "copy",
                "-f", "ismv", "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ismv = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        java.net.http.HttpResponse<String> r = lp.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(c.get("pushIngestUrl").asText() + "/Streams(cam)"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(ismv, ismv.length - 500))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("MPE_INGEST_FRAGMENT_MALFORMED"), r.body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String events = "";
        while (System.nanoTime() < deadline && !events.contains("MPE_INGEST_FRAGMENT_MALFORMED")) {
            Thread.sleep(200);
            events = lp.api("GET", "channels/broken/events", null).body();
        }
        assertTrue(events.contains("EncoderDisconnected") && events.contains("MPE_INGEST_FRAGMENT_MALFORMED"), events);
        assertFalse(events.contains(c.get("streamKey").asText()));
        lp.api("POST", "channels/broken/programs/show/stop", null);
    }

    @Test
    void lowLatencyDashPutPlaysBack() throws Exception {
        JsonNode c = channel("cmaf");
        publish("-f", "dash", "-method", "PUT", "-streaming", "1", "-ldash", "1", "-seg_duration", "2",
                c.get("pushIngestUrl").asText() + "/manifest.mpd");
        assertRecordingPlays("cmaf", c.get("streamKey").asText());
    }
}
