package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Media Services' streaming URLs, played unchanged by players no one here wrote, live and VOD:
 * HLS with MPEG-TS segments ({@code format=m3u8-aapl}) decoded by FFmpeg with continuous
 * timestamps (clear and AES-128 envelope) and played by hls.js in Chromium (hls.js transmuxes
 * TS); Smooth Streaming (the {@code manifest} with no format) played by GStreamer's
 * {@code mssdemux} live and VOD, and by {@code mssdemux2} (uridecodebin3's pick) on demand
 * (shaka-player 5 has no Smooth Streaming support; FFmpeg 5.1 has no Smooth demuxer; GStreamer
 * 1.22's mssdemux2 waits forever on live Smooth, whoever serves it); DASH {@code mpd-time-csf}
 * by FFmpeg; and every path a locator lists answers.
 */
class AmsFormatsEndToEndTest {
    static final Pattern FRAME = Pattern.compile("^\\s*(\\d+),\\s*(-?\\d+),\\s*(-?\\d+),");
    static final Pattern PTS = Pattern.compile("chain .*?pts: (\\d+):(\\d\\d):(\\d\\d\\.\\d+)");

    static LocalPlatformHarness lp;
    static String clear;
    static String envelope;
    static String cenc;
    static JsonNode clearAnswer;
    static Decode liveTs;
    static Frames liveSmooth;
    static JsonNode liveHlsJs;

    /** What FFmpeg's framemd5 said: frames per stream, whether each stream's pts rose, and anything else it printed. */
    record Decode(Map<Integer, Integer> frames, boolean monotonic, List<String> other, String tail) {
        int total() { return frames.values().stream().mapToInt(Integer::intValue).sum(); }
    }

    @BeforeAll
    static void publishPlayLiveThenStop() throws Exception {
        lp = new LocalPlatformHarness();
        PlayersEndToEndTest.lp = lp; // its publisher reads the RTMP port there
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"ams\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
        lp.api("POST", "channels/ams/start", null);
        assertEquals(201, lp.api("POST", "channels/ams/programs", "{\"name\":\"p\",\"assetName\":\"ams-p\",\"archiveWindow\":\"PT10M\"}").statusCode());
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"open\",\"restriction\":\"open\"}").statusCode());
        HttpResponse<String> c = lp.api("POST", "locators", "{\"assetName\":\"ams-p\",\"streamingPolicy\":\"clear\"}");
        assertEquals(201, c.statusCode(), c.body());
        clearAnswer = LocalPlatformHarness.json(c);
        clear = clearAnswer.get("id").asText();
        envelope = LocalPlatformHarness.json(lp.api("POST", "locators",
                "{\"assetName\":\"ams-p\",\"streamingPolicy\":\"envelope\",\"contentKeyPolicyName\":\"open\"}")).get("id").asText();
        cenc = LocalPlatformHarness.json(lp.api("POST", "locators",
                "{\"assetName\":\"ams-p\",\"streamingPolicy\":\"cenc\",\"contentKeyPolicyName\":\"open\"}")).get("id").asText();
        Process publisher = PlayersEndToEndTest.publish(key, 40);
        try {
            Thread.sleep(10000);
            CompletableFuture<Decode> ts = CompletableFuture.supplyAsync(() -> ffmpeg(url(clear, "manifest(format=m3u8-aapl)"), "10"));
            liveSmooth = mss(url(clear, "manifest"), 16, true, true);
            liveTs = ts.get(60, TimeUnit.SECONDS);
            liveHlsJs = lp.play(url(clear, "manifest(format=m3u8-aapl)"), 8, 25, null);
            assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
        } finally {
            publisher.destroy();
        }
        Thread.sleep(1500);
        lp.api("POST", "channels/ams/programs/p/stop", null);
    }

    @AfterAll
    static void stop() { lp.close(); }

    /** Decoded video frames GStreamer printed: how many, the first and last pts, whether they rose, and its output's end. */
    record Frames(int count, double firstPts, double lastPts, boolean monotonic, List<String> backwards, String output) { }

    /**
     * Plays a Smooth Streaming manifest in GStreamer for at most {@code seconds}: with the
     * {@code mssdemux} of gst-plugins-bad ({@code legacy}) or uridecodebin3's pick ({@code mssdemux2}),
     * counting decoded video frames. Output is read line by line and only its end kept, and the
     * player is killed 5 s after its interrupt, whatever it does.
     */
    static Frames mss(String url, int seconds, boolean realTime, boolean legacy) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "5", "-s", "INT", Integer.toString(seconds), "gst-launch-1.0", "-v", "-e"));
        if (legacy) {
            cmd.addAll(List.of("souphttpsrc", "location=" + url, "!", "mssdemux", "name=d", "d.video_00", "!", "queue", "!", "decodebin", "!",
                    "video/x-raw", "!", "fakesink", "sync=" + realTime, "silent=false", "d.audio_00", "!", "queue", "!", "fakesink", "sync=" + realTime));
        } else {
            cmd.addAll(List.of("uridecodebin3", "uri=" + url, "name=d", "d.", "!", "video/x-raw", "!", "queue", "!", "fakesink",
                    "sync=" + realTime, "silent=false"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        int count = 0;
        double first = -1, last = -1;
        boolean monotonic = true;
        List<String> backwards = new ArrayList<>();
        StringBuilder tail = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.contains("fakesink0") || line.contains("chain")) {
                    tail.append(line, 0, Math.min(line.length(), 300)).append('\n');
                    if (tail.length() > 6000) tail.delete(0, tail.length() - 4000);
                }
                Matcher m = PTS.matcher(line);
                if (!m.find() || !line.contains("fakesink0")) continue;
                double pts = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
                if (count == 0) first = pts;
                else if (pts <= last) {
                    monotonic = false;
                    if (backwards.size() < 10) backwards.add("frame " + count + ": " + last + " -> " + pts);
                }
                last = pts;
                count++;
            }
        }
        assertTrue(p.waitFor(seconds + 30, TimeUnit.SECONDS));
        return new Frames(count, first, last, monotonic, backwards, tail.toString());
    }

    static String url(String locator, String manifest) { return lp.base + "/" + locator + "/ams-p.ism/" + manifest; }

    /** FFmpeg decodes {@code url} (for at most {@code limit} seconds) in the demuxer's time base and prints each frame's pts. */
    static Decode ffmpeg(String url, String limit) {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", url, "-t", limit,
                    "-enc_time_base", "-1", "-f", "framemd5", "-").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            Map<Integer, Integer> frames = new HashMap<>();
            Map<Integer, Long> last = new HashMap<>();
            boolean monotonic = true;
            List<String> other = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) continue;
                Matcher m = FRAME.matcher(line);
                if (!m.find()) {
                    other.add(line);
                    continue;
                }
                int stream = Integer.parseInt(m.group(1));
                long pts = Long.parseLong(m.group(3));
                Long before = last.put(stream, pts);
                if (before != null && pts <= before) monotonic = false;
                frames.merge(stream, 1, Integer::sum);
            }
            if (p.exitValue() != 0) other.add("exit " + p.exitValue());
            return new Decode(frames, monotonic, other, out.length() > 3000 ? out.substring(out.length() - 3000) : out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ffmpegDecodesLiveTsHlsWithContinuousTimestamps() {
        assertEquals(List.of(), liveTs.other(), liveTs.tail());
        assertTrue(liveTs.monotonic(), liveTs.tail());
        assertEquals(2, liveTs.frames().size(), "video and audio: " + liveTs.frames());
        assertTrue(liveTs.total() >= 250, "10 s of live video and audio: " + liveTs.frames());
    }

    @Test
    void ffmpegDecodesTheVodOverTsHlsClearAndEnvelopeWithContinuousTimestamps() {
        for (String locator : List.of(clear, envelope)) {
            String manifest = locator.equals(clear) ? "manifest(format=m3u8-aapl)" : "manifest(format=m3u8-aapl,encryption=cbc)";
            Decode d = ffmpeg(url(locator, manifest), "600");
            assertEquals(List.of(), d.other(), manifest + "\n" + d.tail());
            assertTrue(d.monotonic(), manifest + "\n" + d.tail());
            int video = d.frames().values().stream().mapToInt(Integer::intValue).max().orElse(0);
            assertTrue(video >= 30 * 36, manifest + ": the ~40 s VOD's frames: " + d.frames());
        }
    }

    @Test
    void tsSegmentsAreMpegTsAndEnvelopeSegmentsAreNot() {
        String media = lp.send("GET", "/" + clear + "/ams-p.ism/video.aapl.m3u8", null, Map.of()).body();
        assertTrue(media.startsWith("#EXTM3U\n#EXT-X-VERSION:3\n"), media);
        assertFalse(media.contains("EXT-X-MAP"), media);
        String seg = media.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        byte[] ts = lp.bytes("/" + clear + "/ams-p.ism/" + seg);
        assertEquals(0, ts.length % 188);
        for (int i = 0; i < ts.length; i += 188) assertEquals(0x47, ts[i] & 0xff, "sync byte at " + i);
        HttpResponse<String> r = lp.send("GET", "/" + clear + "/ams-p.ism/" + seg, null, Map.of());
        assertEquals("video/mp2t", r.headers().firstValue("Content-Type").orElse(""));
        String em = lp.send("GET", "/" + envelope + "/ams-p.ism/video.aapl.m3u8", null, Map.of()).body();
        assertTrue(em.contains("#EXT-X-KEY:METHOD=AES-128,URI=\""), em);
        byte[] enc = lp.bytes("/" + envelope + "/ams-p.ism/" + seg);
        assertEquals(0, enc.length % 16);
        assertTrue(enc.length > ts.length && enc.length <= ts.length + 16, "PKCS7 pads the whole segment");
        assertFalse(enc[0] == 0x47 && enc[188] == 0x47, "encrypted");
    }

    @Test
    void hlsJsPlaysTsHlsLiveAndVodInChromium() throws Exception {
        assertPlayed(liveHlsJs, true);
        assertPlayed(lp.play(url(clear, "manifest(format=m3u8-aapl)"), 10, 30, null), false);
    }

    static void assertPlayed(JsonNode r, boolean live) {
        assertEquals("hls.js", r.get("library").asText(), r.toString());
        assertEquals(0, r.get("errors").size(), r.toString());
        assertEquals(0, r.get("pageErrors").size(), r.toString());
        assertTrue(r.get("currentTime").asDouble() > 8, r.toString());
        assertEquals(live, r.get("live").asBoolean(), r.toString());
    }

    @Test
    void gstreamerPlaysSmoothStreamingLive() {
        assertTrue(liveSmooth.count() >= 250, "mssdemux decoded " + liveSmooth.count() + " frames in 16 s\n" + liveSmooth.output());
        assertTrue(liveSmooth.lastPts() - liveSmooth.firstPts() >= 8, "and followed the live edge\n" + liveSmooth.output());
        assertTrue(liveSmooth.monotonic(), liveSmooth.backwards() + "\n" + liveSmooth.output());
    }

    @Test
    void gstreamerPlaysTheSmoothStreamingVodWithBothDemuxers() throws Exception {
        for (boolean legacy : List.of(true, false)) {
            Frames f = mss(url(clear, "manifest"), 60, false, legacy);
            assertTrue(f.count() >= 30 * 36, (legacy ? "mssdemux" : "mssdemux2") + " decoded " + f.count() + " frames of the ~40 s VOD\n" + f.output());
            assertTrue(f.monotonic(), (legacy ? "mssdemux " : "mssdemux2 ") + f.backwards() + "\n" + f.output());
            assertTrue(f.firstPts() < 1, "an on-demand presentation starts at 0: " + f.firstPts());
        }
    }

    @Test
    void smoothManifestsSayWhatMsSstrAsksAndCencAddsPlayReady() {
        HttpResponse<String> r = lp.send("GET", "/" + clear + "/ams-p.ism/manifest", null, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/vnd.ms-sstr+xml", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("<SmoothStreamingMedia MajorVersion=\"2\""), r.body());
        assertFalse(r.body().contains("IsLive"), "the VOD is not live");
        assertTrue(r.body().contains("<c t=\"0\" d=\""), "it starts at 0: " + r.body());
        assertFalse(r.body().contains("<Protection>"), r.body());
        String p = lp.send("GET", "/" + cenc + "/ams-p.ism/manifest(encryption=cenc)", null, Map.of()).body();
        Matcher m = Pattern.compile("<ProtectionHeader SystemID=\"9A04F079-9840-4286-AB92-E65BE0885F95\">([A-Za-z0-9+/=]+)</ProtectionHeader>").matcher(p);
        assertTrue(m.find(), p);
        byte[] pro = java.util.Base64.getDecoder().decode(m.group(1));
        String header = new String(pro, 10, pro.length - 10, java.nio.charset.StandardCharsets.UTF_16LE);
        assertTrue(header.contains("<KID") || header.contains("KID="), header);
        assertTrue(header.contains("/api/license/playready/" + cenc), header);
    }

    @Test
    void ffmpegPlaysDashMpdTimeCsf() {
        Decode d = ffmpeg(url(clear, "manifest(format=mpd-time-csf)"), "600");
        assertEquals(List.of(), d.other(), d.tail());
        assertTrue(d.total() >= 30 * 36, d.frames().toString());
    }

    @Test
    void everyListedPathAnswersAndFormatsRefuseTheEncryptionTheyDoNotOffer() {
        List<String> protocols = new ArrayList<>();
        for (JsonNode p : clearAnswer.get("streamingPaths")) {
            protocols.add(p.get("streamingProtocol").asText());
            for (JsonNode path : p.get("paths")) {
                HttpResponse<String> r = lp.send("GET", path.asText(), null, Map.of());
                assertEquals(200, r.statusCode(), path.asText() + " " + r.body());
            }
        }
        assertEquals(List.of("Hls", "Dash", "SmoothStreaming"), protocols);
        for (String locator : List.of(envelope, cenc)) {
            for (JsonNode p : LocalPlatformHarness.json(lp.api("GET", "locators/" + locator, null)).get("streamingPaths")) {
                for (JsonNode path : p.get("paths")) {
                    assertEquals(200, lp.send("GET", path.asText(), null, Map.of()).statusCode(), path.asText());
                }
            }
        }
        assertEquals(400, lp.send("GET", "/" + cenc + "/ams-p.ism/manifest(format=m3u8-aapl,encryption=cenc)", null, Map.of()).statusCode());
        assertEquals(400, lp.send("GET", "/" + envelope + "/ams-p.ism/manifest(encryption=cbc)", null, Map.of()).statusCode());
        assertEquals(400, lp.send("GET", "/" + clear + "/ams-p.ism/manifest(format=m3u8-aapl,encryption=cbc)", null, Map.of()).statusCode());
        assertEquals(400, lp.send("GET", "/" + clear + "/ams-p.ism/QualityLevels(x)/Fragments(video=0)", null, Map.of()).statusCode());
        assertEquals(404, lp.send("GET", "/" + clear + "/ams-p.ism/QualityLevels(1000)/Fragments(video=1)", null, Map.of()).statusCode());
        assertEquals(404, lp.send("GET", "/" + clear + "/ams-p.ism/QualityLevels(1000)/Fragments(text=0)", null, Map.of()).statusCode());
    }
}
