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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Players no one here wrote, as a new user would run them: GStreamer ({@code hlsdemux2},
 * {@code dashdemux2}) live and VOD, counting decoded video frames in real time and checking that
 * their timestamps never go back; FFmpeg following the live HLS playlist through an encoder
 * reconnect and on until the 1-minute window has slid past it, while the playlist's numbering
 * is watched; and token-protected envelope HLS played from a {@code ?token=} URL by FFmpeg, which
 * sends no Authorization header. The 1-minute window (the shortest archive window) sets the
 * length: about 100 s, the players side by side.
 */
class PlayersEndToEndTest {
    static final Pattern PTS = Pattern.compile("chain .*?pts: (\\d+):(\\d\\d):(\\d\\d\\.\\d+)");
    static final Pattern MSN = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    static final Pattern DSN = Pattern.compile("#EXT-X-DISCONTINUITY-SEQUENCE:(\\d+)");

    static LocalPlatformHarness lp;
    static String clear;
    static String envelope;
    static String token;
    static JsonNode created;
    static Frames gstLiveDash;
    static Frames gstLiveHls;
    static double ffmpegLiveSeconds;
    static String ffmpegLiveOutput;
    static double ffmpegTokenLiveSeconds;
    static final List<String> numberingErrors = new ArrayList<>();
    static long lastMediaSequence = -1;
    static long lastDiscontinuitySequence = -1;
    static int polls;

    /**
     * Decoded video frames a GStreamer pipeline printed: how many, their presentation times, the
     * video decoder's "decreasing timestamp" warnings (the decoder clamps such a frame to the
     * previous one's time, so they show as equal times too), and the end of its output.
     */
    record Frames(int count, double firstPts, double lastPts, boolean monotonic, List<String> decreasing, String output) {
        double seconds() { return count == 0 ? 0 : lastPts - firstPts; }
    }

    @BeforeAll
    static void publishReconnectAndPlay() throws Exception {
        lp = new LocalPlatformHarness();
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"gst\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
        lp.api("POST", "channels/gst/start", null);
        assertEquals(201, lp.api("POST", "channels/gst/programs", "{\"name\":\"p\",\"assetName\":\"gst-p\",\"archiveWindow\":\"PT1M\"}").statusCode());
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"viewers\",\"restriction\":\"token\",\"issuer\":\"livepipe\","
                + "\"audience\":\"livepipe-playback\"}").statusCode());
        HttpResponse<String> c = lp.api("POST", "locators", "{\"assetName\":\"gst-p\",\"streamingPolicy\":\"clear\"}");
        assertEquals(201, c.statusCode(), c.body());
        created = LocalPlatformHarness.json(c);
        clear = created.get("id").asText();
        envelope = LocalPlatformHarness.json(lp.api("POST", "locators",
                "{\"assetName\":\"gst-p\",\"streamingPolicy\":\"envelope\",\"contentKeyPolicyName\":\"viewers\"}")).get("id").asText();
        token = LocalPlatformHarness.json(lp.api("POST", "locators/" + envelope + "/token", null)).get("token").asText();

        AtomicBoolean watching = new AtomicBoolean(true);
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> watchNumbering(watching));
        long t0 = System.nanoTime();
        Process first = publish(key, 12);
        Thread.sleep(7000);
        CompletableFuture<String> ffmpeg = CompletableFuture.supplyAsync(() -> ffmpeg(lp.base + "/" + clear + "/master.m3u8", "66"));
        assertTrue(first.waitFor(40, TimeUnit.SECONDS));
        Thread.sleep(3000);
        Process second = publish(key, 90);
        try {
            Thread.sleep(14000);
            CompletableFuture<String> withToken = CompletableFuture.supplyAsync(
                    () -> ffmpeg(lp.base + "/" + envelope + "/master.m3u8?token=" + token, "8"));
            gstLiveHls = gst(lp.base + "/" + clear + "/master.m3u8", 20, true);
            ffmpegTokenLiveSeconds = decoded(withToken.get(60, TimeUnit.SECONDS));
            // Late enough that the suggested presentation delay lands after the reconnect.
            gstLiveDash = gst(lp.base + "/" + clear + "/manifest.mpd", 22, true);
            ffmpegLiveOutput = ffmpeg.get(90, TimeUnit.SECONDS);
            ffmpegLiveSeconds = decoded(ffmpegLiveOutput);
            for (int i = 0; i < 20 && lastDiscontinuitySequence < 1; i++) Thread.sleep(1000);
            watching.set(false);
            watcher.get(10, TimeUnit.SECONDS);
        } finally {
            second.destroy();
            assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        }
        Thread.sleep(1500);
        lp.api("POST", "channels/gst/programs/p/stop", null);
        System.out.println("event=players_timeline seconds=" + (System.nanoTime() - t0) / 1_000_000_000
                + " ffmpegLive=" + ffmpegLiveSeconds + " gstDashFrames=" + gstLiveDash.count() + " gstHlsFrames=" + gstLiveHls.count()
                + " lastMediaSequence=" + lastMediaSequence + " lastDiscontinuitySequence=" + lastDiscontinuitySequence);
    }

    @AfterAll
    static void stop() { lp.close(); }

    static Process publish(String key, int seconds) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Polls the live video playlist each second: its first number and discontinuity sequence may only grow, a URI keeps its number. */
    static void watchNumbering(AtomicBoolean watching) {
        Map<String, Long> numbers = new HashMap<>();
        while (watching.get()) {
            HttpResponse<String> r = lp.send("GET", "/" + clear + "/video.m3u8", null, Map.of());
            if (r.statusCode() == 200) {
                polls++;
                Matcher m = MSN.matcher(r.body());
                Matcher d = DSN.matcher(r.body());
                if (m.find() && d.find()) {
                    long msn = Long.parseLong(m.group(1));
                    long dsn = Long.parseLong(d.group(1));
                    if (msn < lastMediaSequence) numberingErrors.add("media sequence " + lastMediaSequence + " -> " + msn);
                    if (dsn < lastDiscontinuitySequence) numberingErrors.add("discontinuity sequence " + lastDiscontinuitySequence + " -> " + dsn);
                    lastMediaSequence = msn;
                    lastDiscontinuitySequence = dsn;
                    long n = msn;
                    for (String line : r.body().split("\n")) {
                        if (!line.endsWith(".m4s")) continue;
                        Long before = numbers.putIfAbsent(line, n);
                        if (before != null && before != n) numberingErrors.add(line + " was " + before + ", now " + n);
                        n++;
                    }
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String ffmpeg(String url, String limit) {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", url, "-t", limit, "-f", "null", "-", "-progress", "pipe:1", "-nostats")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            return "exit=" + p.exitValue() + "\n" + out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds FFmpeg decoded (its last out_time), or 0 if it failed. */
    static double decoded(String out) {
        if (!out.startsWith("exit=0")) return 0;
        String last = null;
        for (String line : out.split("\n")) if (line.startsWith("out_time_us=")) last = line;
        return last == null ? 0 : Long.parseLong(last.substring("out_time_us=".length())) / 1e6;
    }

    /** Runs GStreamer on {@code url} for at most {@code seconds} and counts the video frames its fakesink got. */
    static Frames gst(String url, int seconds, boolean realTime) throws Exception {
        ProcessBuilder b = new ProcessBuilder("timeout", "-s", "INT", Integer.toString(seconds), "gst-launch-1.0", "-v", "-e", "uridecodebin3", "uri=" + url,
                "name=d", "d.", "!", "video/x-raw", "!", "queue", "!", "fakesink", "sync=" + realTime, "silent=false")
                .redirectErrorStream(true);
        // The video decoder's warnings: "decreasing timestamp" is logged at level 2 (WARNING), never printed without this.
        b.environment().put("GST_DEBUG", "videodecoder:2");
        b.environment().put("GST_DEBUG_NO_COLOR", "1");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds + 20, TimeUnit.SECONDS));
        int count = 0;
        double first = -1;
        double last = -1;
        boolean monotonic = true;
        List<String> decreasing = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("decreasing timestamp")) decreasing.add(line.trim());
            Matcher m = PTS.matcher(line);
            if (!m.find()) continue;
            double pts = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
            if (count == 0) first = pts;
            else if (pts <= last) monotonic = false;
            last = pts;
            count++;
        }
        return new Frames(count, first, last, monotonic, decreasing, out.length() > 4000 ? out.substring(out.length() - 4000) : out);
    }

    @Test
    void gstreamerPlaysLiveDashInRealTime() {
        assertTrue(gstLiveDash.count() >= 300, "dashdemux2 decoded " + gstLiveDash.count() + " frames in 22 s\n" + gstLiveDash.output());
        assertTrue(gstLiveDash.seconds() >= 10, "and followed " + gstLiveDash.seconds() + " s of the live edge");
        assertTrue(gstLiveDash.monotonic(), "video timestamps never go back\n" + gstLiveDash.output());
    }

    @Test
    void gstreamerPlaysLiveHlsInRealTime() {
        assertTrue(gstLiveHls.count() >= 300, "hlsdemux2 decoded " + gstLiveHls.count() + " frames in 20 s\n" + gstLiveHls.output());
        assertTrue(gstLiveHls.monotonic(), "video timestamps never go back\n" + gstLiveHls.output());
    }

    @Test
    void ffmpegFollowsTheLivePlaylistThroughAReconnectAndAWindowThatSlidPastIt() {
        assertTrue(ffmpegLiveSeconds >= 60, "FFmpeg decoded " + ffmpegLiveSeconds + " s\n" + ffmpegLiveOutput);
        assertFalse(ffmpegLiveOutput.contains("rror"), ffmpegLiveOutput);
        assertTrue(polls >= 40, "the playlist was watched " + polls + " times");
        assertEquals(List.of(), numberingErrors);
        assertTrue(lastMediaSequence > 0, "the window slid: EXT-X-MEDIA-SEQUENCE " + lastMediaSequence);
        assertEquals(1, lastDiscontinuitySequence, "the reconnect's discontinuity left the window and is counted");
    }

    @Test
    void gstreamerPlaysTheVodOverDashAndHlsWithoutTimestampWarnings() throws Exception {
        for (String path : List.of("/manifest.mpd", "/master.m3u8")) {
            Frames f = gst(lp.base + "/" + clear + path, 60, false);
            assertTrue(f.count() >= 1500, path + ": GStreamer decoded " + f.count() + " frames of the ~60 s VOD\n" + f.output());
            assertTrue(f.monotonic(), path + ": timestamps never go back (across the reconnect's Period too)\n" + f.output());
            assertEquals(List.of(), f.decreasing(), path + ": the video decoder never saw a timestamp go back");
        }
    }

    @Test
    void aLocatorsAnswerListsItsStreamingPathsAndEachPlays() {
        JsonNode paths = created.get("streamingPaths");
        assertEquals(lp.base, created.get("streamingEndpoint").asText());
        assertEquals(3, paths.size(), created.toString());
        assertEquals("Hls", paths.get(0).get("streamingProtocol").asText());
        assertEquals("Dash", paths.get(1).get("streamingProtocol").asText());
        assertEquals("SmoothStreaming", paths.get(2).get("streamingProtocol").asText());
        assertEquals("NoEncryption", paths.get(0).get("encryptionScheme").asText());
        for (JsonNode p : paths) {
            for (JsonNode path : p.get("paths")) {
                HttpResponse<String> r = lp.send("GET", path.asText(), null, Map.of());
                assertEquals(200, r.statusCode(), path.asText());
            }
        }
        JsonNode got = LocalPlatformHarness.json(lp.api("GET", "locators/" + envelope, null));
        assertEquals(1, got.get("streamingPaths").size(), "envelope is HLS only");
        assertEquals("EnvelopeEncryption", got.get("streamingPaths").get(0).get("encryptionScheme").asText());
        assertTrue(got.get("streamingPaths").get(0).get("paths").get(1).asText().endsWith("manifest(format=m3u8-cmaf,encryption=cbc)"));
    }

    /**
     * FFmpeg sends no Authorization header: from a {@code ?token=} URL it plays the live and the
     * VOD envelope stream, and without one it gets no key. A player that only follows URLs (as
     * AVPlayer, VLC and smart TVs do with key URIs) finds the token on the key URI and nowhere else.
     * (GStreamer 1.22's hlsdemux2 stops at "Could not determine type of stream" on our envelope
     * fMP4 even with an open key policy, so it is not used for envelope here.)
     */
    @Test
    void playersThatSendNoHeadersPlayTokenProtectedEnvelopeHlsFromATokenUrl() {
        assertTrue(ffmpegTokenLiveSeconds >= 7.9, "FFmpeg decoded " + ffmpegTokenLiveSeconds + " s of the live envelope stream");
        double vod = decoded(ffmpeg(lp.base + "/" + envelope + "/master.m3u8?token=" + token, "600"));
        assertTrue(vod >= 55, "FFmpeg decoded " + vod + " s of the envelope VOD from a token URL");
        assertEquals(0, decoded(ffmpeg(lp.base + "/" + envelope + "/master.m3u8", "4")), "FFmpeg without the token gets no key");
        String master = lp.send("GET", "/" + envelope + "/master.m3u8?token=" + token, null, Map.of()).body();
        String mediaUri = master.lines().filter(l -> l.startsWith("video")).findFirst().orElseThrow();
        String media = lp.send("GET", "/" + envelope + "/" + mediaUri, null, Map.of()).body();
        Matcher key = Pattern.compile("URI=\"([^\"]+)\"").matcher(media.lines().filter(l -> l.startsWith("#EXT-X-KEY:METHOD=AES-128")).findFirst().orElseThrow());
        assertTrue(key.find());
        String keyPath = key.group(1).substring(lp.base.length());
        assertEquals(16, lp.bytes(keyPath).length, "the key URI as written carries the token: no header needed");
        assertEquals(401, lp.send("GET", keyPath.substring(0, keyPath.indexOf('?')), null, Map.of()).statusCode());
    }

    @Test
    void theTokenReachesKeyUrisOnlyAndTokenPlaylistsArePrivate() {
        HttpResponse<String> master = lp.send("GET", "/" + envelope + "/master.m3u8?token=" + token, null, Map.of());
        assertEquals("private, max-age=60", master.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(master.body().contains("video.m3u8?token=" + token), master.body());
        HttpResponse<String> media = lp.send("GET", "/" + envelope + "/video.m3u8?token=" + token, null, Map.of());
        assertEquals("private, max-age=60", media.headers().firstValue("Cache-Control").orElse(""));
        for (String line : media.body().split("\n")) {
            if (line.startsWith("#EXT-X-KEY:METHOD=AES-128")) assertTrue(line.contains("?token=" + token), line);
            if (line.endsWith(".m4s") || line.startsWith("#EXT-X-MAP")) assertFalse(line.contains("token"), line);
        }
        HttpResponse<String> shared = lp.send("GET", "/" + envelope + "/video.m3u8", null, Map.of());
        assertEquals("public, max-age=60", shared.headers().firstValue("Cache-Control").orElse(""));
        assertFalse(shared.body().contains("token"));
        assertEquals(400, lp.send("GET", "/" + envelope + "/video.m3u8?token=%22%3E%0A%23EXT-X-ENDLIST", null, Map.of()).statusCode(),
                "a token that is not a JWT's shape never lands in a playlist");
    }
}
