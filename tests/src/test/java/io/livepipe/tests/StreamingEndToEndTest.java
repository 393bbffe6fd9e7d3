package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming endpoint with real players no one here wrote: FFmpeg decodes 20 s of a live
 * program over HLS while it is being recorded, then the VOD asset over HLS and DASH (our URL
 * forms and the Media Services ones); clips, caching headers, ranges and bad requests.
 */
class StreamingEndToEndTest {
    static LocalPlatformHarness lp;
    static String locator;
    static double liveSeconds;
    static JsonNode previewUrls;
    static CompletableFuture<Double> previewHlsSeconds;
    static CompletableFuture<Double> previewDashSeconds;

    @BeforeAll
    static void recordAndPublish() throws Exception {
        lp = new LocalPlatformHarness();
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"tv\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
        lp.api("POST", "channels/tv/start", null);
        assertEquals(201, lp.api("POST", "channels/tv/programs", "{\"name\":\"show\",\"assetName\":\"tv-show\",\"archiveWindow\":\"PT10M\"}").statusCode());
        JsonNode loc = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"tv-show\",\"streamingPolicy\":\"clear\"}"));
        locator = loc.get("id").asText();
        assertTrue(locator.matches("[0-9a-f]{32}"));
        Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "32",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "800k", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(9000);
        // The preview is live only while the channel runs with an encoder: follow it alongside the program.
        previewUrls = LocalPlatformHarness.json(lp.api("GET", "channels/tv/preview", null));
        previewHlsSeconds = CompletableFuture.supplyAsync(() -> decodedSecondsUnchecked(previewUrls.get("hls").asText(), "12"));
        previewDashSeconds = CompletableFuture.supplyAsync(() -> decodedSecondsUnchecked(previewUrls.get("dash").asText(), "5"));
        liveSeconds = decodedSeconds(lp.base + "/" + locator + "/master.m3u8", "20");
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
        Thread.sleep(1500);
        lp.api("POST", "channels/tv/programs/show/stop", null);
    }

    @AfterAll
    static void stop() { lp.close(); }

    static String run(List<String> cmd, int seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS));
        return ("exit=" + p.exitValue() + " " + out).trim();
    }

    /** Decodes with FFmpeg (at most {@code limit} seconds, or all) and returns how many seconds it decoded without an error. */
    static double decodedSeconds(String url, String limit) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", url));
        if (limit != null) cmd.addAll(List.of("-t", limit));
        cmd.addAll(List.of("-f", "null", "-", "-progress", "pipe:1", "-nostats"));
        String out = run(cmd, 120);
        assertTrue(out.startsWith("exit=0"), out);
        assertFalse(out.contains("rror"), out);
        String last = null;
        for (String line : out.split("\n")) if (line.startsWith("out_time_ms=")) last = line;
        return Long.parseLong(last.substring("out_time_ms=".length())) / 1e6;
    }

    static double decodedSecondsUnchecked(String url, String limit) {
        try {
            return decodedSeconds(url, limit);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ffmpegDecodedTwentySecondsOfTheLiveProgram() {
        assertTrue(liveSeconds >= 19.9, "followed the live playlist for " + liveSeconds + " s without an error");
    }

    @Test
    void vodPlaysOverHlsAndDashInEveryUrlForm() throws Exception {
        for (String path : List.of("/master.m3u8", "/manifest.mpd", "/tv-show.ism/manifest(format=m3u8-cmaf)",
                "/tv-show.ism/manifest(format=mpd-time-cmaf)")) {
            double seconds = decodedSeconds(lp.base + "/" + locator + path, null);
            assertTrue(seconds >= 20, path + " decoded " + seconds + " s");
        }
    }

    @Test
    void vodManifestsListEverySegmentAndEnd() {
        HttpResponse<String> master = lp.send("GET", "/" + locator + "/master.m3u8", null, Map.of());
        assertEquals(200, master.statusCode());
        assertEquals("application/vnd.apple.mpegurl", master.headers().firstValue("Content-Type").orElse(""));
        String m = master.body();
        assertTrue(m.contains("#EXT-X-VERSION:7") && m.contains("CODECS=\"avc1.") && m.contains(",mp4a.40.2\"")
                && m.contains("RESOLUTION=640x360") && m.contains("FRAME-RATE=30.000") && m.contains("AUDIO=\"audio\"")
                && m.contains("AVERAGE-BANDWIDTH="), m);
        String video = lp.send("GET", "/" + locator + "/video.m3u8", null, Map.of()).body();
        JsonNode asset = LocalPlatformHarness.json(lp.api("GET", "assets/tv-show", null));
        int stored = asset.get("timeline").get("video").get("segments").size();
        assertEquals(stored, video.split("#EXTINF:", -1).length - 1, "every recorded segment is listed");
        assertTrue(video.contains("#EXT-X-MAP:URI=") && video.contains("#EXT-X-PROGRAM-DATE-TIME:") && video.trim().endsWith("#EXT-X-ENDLIST"));
        String mpd = lp.send("GET", "/" + locator + "/manifest.mpd", null, Map.of()).body();
        assertTrue(mpd.contains("type=\"static\"") && mpd.contains("<SegmentTimeline>") && mpd.contains("contentType=\"audio\""), mpd);
    }

    @Test
    void clipsReturnTheSegmentsOfTheirWindow() {
        String clip = lp.send("GET", "/" + locator + "/video.m3u8?startTime=4&endTime=10", null, Map.of()).body();
        assertEquals(3, clip.split("#EXTINF:", -1).length - 1, "2 s segments covering 4 s..10 s");
        assertEquals(400, lp.send("GET", "/" + locator + "/video.m3u8?startTime=10&endTime=4", null, Map.of()).statusCode());
    }

    @Test
    void segmentsAreImmutableCacheableAndRangeable() {
        String video = lp.send("GET", "/" + locator + "/video.m3u8", null, Map.of()).body();
        String seg = video.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
        HttpResponse<String> full = lp.send("GET", "/" + locator + "/" + seg, null, Map.of());
        assertEquals(200, full.statusCode());
        assertTrue(full.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        assertTrue(full.headers().firstValue("ETag").isPresent());
        HttpResponse<String> part = lp.send("GET", "/" + locator + "/" + seg, null, Map.of("Range", "bytes=0-99"));
        assertEquals(206, part.statusCode());
        assertEquals("100", part.headers().firstValue("Content-Length").orElse(""));
        assertTrue(part.headers().firstValue("Content-Range").orElse("").startsWith("bytes 0-99/"));
        HttpResponse<String> past = lp.send("GET", "/" + locator + "/" + seg, null, Map.of("Range", "bytes=999999999-"));
        assertEquals(416, past.statusCode());
        assertTrue(past.headers().firstValue("Content-Range").orElse("").startsWith("bytes */"), past.headers().toString());
        // RFC 9110 §14.2: an invalid, unknown-unit or multi-range header is ignored: the whole segment
        for (String ignored : List.of("garbage", "bytes=5-2", "items=0-5", "bytes=0-1,5-6")) {
            assertEquals(200, lp.send("GET", "/" + locator + "/" + seg, null, Map.of("Range", ignored)).statusCode(), ignored);
        }
    }

    @Test
    void badStreamingRequestsAre4xxWithoutStackTraces() {
        for (String bad : List.of("/" + locator + "/../../etc/passwd", "/" + locator + "/%2e%2e/x", "/" + locator + "/x.ism/manifest(format=",
                "/" + locator + "/x.ism/manifest(format=m3u8-aapl,encryption=cenc)", "/" + locator + "/x.ism/manifest(format=m3u8-cmaf,encryption=cbc)",
                "/" + "0".repeat(32) + "/master.m3u8", "/" + locator + "/video/run/123.m4s", "/" + locator + "/video/x/99999999999.m4s",
                "/" + locator + "/video.m3u8?startTime=-5", "/" + locator + "/video.m3u8?startTime=1e400",
                "/" + locator + "/video.m3u8?endTime=abc", "/" + locator + "/nosuch.m3u8")) {
            HttpResponse<String> r = lp.send("GET", bad, null, Map.of());
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, bad + " gave " + r.statusCode());
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), bad);
        }
    }

    @Test
    void deletingTheLocatorUnpublishes() {
        String id = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"tv-show\"}")).get("id").asText();
        assertEquals(200, lp.send("GET", "/" + id + "/master.m3u8", null, Map.of()).statusCode());
        assertEquals(204, lp.api("DELETE", "locators/" + id, null).statusCode());
        assertEquals(404, lp.send("GET", "/" + id + "/master.m3u8", null, Map.of()).statusCode());
    }

    @Test
    void previewPlaysTheChannelsRecentOutputBehindAShortLivedToken() throws Exception {
        JsonNode created = LocalPlatformHarness.json(lp.api("GET", "channels/tv", null));
        assertTrue(created.get("previewUrl").asText().endsWith("/api/channels/tv/preview"));
        assertEquals(401, lp.send("GET", "/api/channels/tv/preview", null, Map.of()).statusCode());
        String hls = previewUrls.get("hls").asText();
        assertTrue(hls.matches("http://127\\.0\\.0\\.1:\\d+/api/preview/tv/\\d+-[A-Za-z0-9_-]{32}/master\\.m3u8"), hls);
        assertFalse(hls.contains(LocalPlatformHarness.KEY), "no function key in the URL");
        assertTrue(previewHlsSeconds.get(2, TimeUnit.MINUTES) >= 11.9, "FFmpeg followed the live preview over HLS");
        assertTrue(previewDashSeconds.get(2, TimeUnit.MINUTES) >= 4.9, "and over DASH");
        String forged = hls.replaceAll("/tv/(\\d+)-[^/]+/", "/tv/$1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/");
        assertEquals(403, lp.send("GET", forged.substring(lp.base.length()), null, Map.of()).statusCode());
        String otherChannel = hls.replace("/preview/tv/", "/preview/tv2/");
        assertEquals(403, lp.send("GET", otherChannel.substring(lp.base.length()), null, Map.of()).statusCode());
    }
}
