package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.media.mp4.Fragment;
import io.livepipe.platform.Stores;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The platform process is killed (SIGKILL) while FFmpeg publishes into a recorded channel, then
 * started again on the same data: every segment stored is whole, and every timeline entry
 * references a segment that exists and is whole. The restart recovers the stamps whose events
 * died with the process. And a soak: killed at random moments while FFmpeg publishes and
 * reconnects, the recording keeps every segment a live playlist ever listed and decodes end to
 * end ({@code ./livepipe soak ROUNDS SECONDS} runs it longer).
 */
class CrashConsistencyTest {
    final HttpClient http = HttpClient.newHttpClient();

    Process platform(Path data, int httpPort, int rtmpPort) throws Exception { return PlatformProcess.start(data, httpPort, rtmpPort); }

    JsonNode api(int port, String method, String path, String body) throws Exception { return PlatformProcess.api(port, method, path, body); }

    @Test
    void killedMidSegmentLeavesEveryTimelineConsistent() throws Exception {
        Path data = Files.createTempDirectory("crash");
        int httpPort = LocalPlatformHarness.freePort();
        int rtmpPort = LocalPlatformHarness.freePort();
        Process first = platform(data, httpPort, rtmpPort);
        String key = api(httpPort, "POST", "channels", "{\"name\":\"crash\",\"keyFrameInterval\":\"PT1S\"}").get("streamKey").asText();
        api(httpPort, "POST", "channels/crash/start", null);
        api(httpPort, "POST", "channels/crash/programs", "{\"name\":\"rec\",\"assetName\":\"rec\"}");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine", "-t", "20", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "30", "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(4500);
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        ffmpeg.waitFor(20, TimeUnit.SECONDS);
        ffmpeg.destroyForcibly();

        Process second = platform(data, httpPort, rtmpPort);
        try {
            Map<String, String> values = new HashMap<>();
            values.put(Setting.LIVEPIPE_DATA_DIR.name(), data.toString());
            BlobStore media = Stores.open(Settings.from(values), EventPublisher.none()).media();
            int whole = 0;
            for (BlobProperties p : media.list("channels/")) {
                if (!p.path().endsWith(".m4s")) continue;
                assertWhole(media.get(p.path()).orElseThrow().data(), p.path());
                whole++;
            }
            assertTrue(whole >= 4, "segments were written before the kill: " + whole);
            JsonNode asset = api(httpPort, "GET", "assets/rec", null);
            int referenced = 0;
            for (JsonNode rendition : asset.get("timeline")) {
                for (JsonNode init : rendition.get("initByRun")) assertTrue(media.get(init.asText()).isPresent(), init.asText());
                for (JsonNode e : rendition.get("segments")) {
                    byte[] b = media.get(e.get("path").asText()).orElseThrow(() -> new AssertionError("missing " + e)).data();
                    assertWhole(b, e.get("path").asText());
                    referenced++;
                }
            }
            assertEquals(whole, referenced, "after the restart every stored segment is in the recording");
        } finally {
            second.destroy();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kill rounds and the longest stretch between kills: system properties, so {@code ./livepipe soak} can run it long. */
    static final int SOAK_ROUNDS = Integer.getInteger("livepipe.soak.rounds", 3);
    static final int SOAK_ROUND_SECONDS = Integer.getInteger("livepipe.soak.roundSeconds", 14);

    /**
     * Issue 19: SIGKILL at random moments, {@link #SOAK_ROUNDS} times, while FFmpeg publishes
     * live and reconnects whenever it loses the platform. At the end the VOD holds every segment
     * any live playlist listed, every restart is one discontinuity on a timeline whose decode
     * times never go back, no stored name was ever found taken, FFmpeg decodes the VOD without an
     * error, and its duration is what FFmpeg published, less what each kill cut off.
     */
    @Test
    void killedAtRandomWhileFFmpegReconnectsTheRecordingKeepsEverySegmentEverListedAndDecodes() throws Exception {
        Path data = Files.createTempDirectory("soak");
        int httpPort = LocalPlatformHarness.freePort();
        int rtmpPort = LocalPlatformHarness.freePort();
        java.util.Random random = new java.util.Random(Long.getLong("livepipe.soak.seed", System.nanoTime()));
        Process platform = platform(data, httpPort, rtmpPort);
        String key = api(httpPort, "POST", "channels", "{\"name\":\"soak\",\"keyFrameInterval\":\"PT1S\"}").get("streamKey").asText();
        api(httpPort, "POST", "channels/soak/start", null);
        api(httpPort, "POST", "channels/soak/programs", "{\"name\":\"rec\",\"assetName\":\"soak\",\"archiveWindow\":\"PT25H\"}");
        String loc = api(httpPort, "POST", "locators", "{\"assetName\":\"soak\",\"streamingPolicy\":\"clear\"}").get("id").asText();

        java.util.Set<String> listed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong publishedMs = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Process> ffmpeg = new java.util.concurrent.atomic.AtomicReference<>();
        Thread publisher = new Thread(() -> {
            while (publishing.get()) {
                try {
                    long t0 = System.nanoTime();
                    Process f = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                            "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-c:v", "libx264",
                            "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key)
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    ffmpeg.set(f);
                    f.waitFor();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (ms > 1500) publishedMs.addAndGet(ms); // a session that never connected published nothing
                    Thread.sleep(300);
                } catch (Exception e) {
                    return;
                }
            }
        });
        Thread poller = new Thread(() -> {
            while (publishing.get()) {
                for (String r : List.of("video", "audio")) {
                    try {
                        HttpResponse<String> pl = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + loc + "/" + r + ".m3u8"))
                                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                        if (pl.statusCode() == 200) pl.body().lines().filter(l -> l.endsWith(".m4s")).forEach(listed::add);
                    } catch (Exception down) {
                        // killed: the next poll reaches the restarted platform
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        publisher.start();
        poller.start();
        List<Path> logs = new java.util.ArrayList<>();
        try {
            for (int round = 0; round < SOAK_ROUNDS; round++) {
                Thread.sleep(SOAK_ROUND_SECONDS * 500L + random.nextInt(SOAK_ROUND_SECONDS * 500));
                platform.destroyForcibly(); // SIGKILL
                assertTrue(platform.waitFor(10, TimeUnit.SECONDS));
                platform = platform(data, httpPort, rtmpPort);
            }
            Thread.sleep(6000); // the encoder is back and publishing after the last kill
        } finally {
            publishing.set(false);
            Process f = ffmpeg.get();
            if (f != null) f.destroy();
            publisher.join(15_000);
            poller.join(10_000);
        }
        try {
            Thread.sleep(2000);
            api(httpPort, "POST", "channels/soak/programs/rec/stop", null);
            JsonNode asset = api(httpPort, "GET", "assets/soak", null);
            String vod = "http://127.0.0.1:" + httpPort + "/" + loc;
            java.util.Set<String> inVod = new java.util.HashSet<>();
            int discontinuities = 0;
            for (String r : List.of("video", "audio")) {
                String pl = http.send(HttpRequest.newBuilder(URI.create(vod + "/" + r + ".m3u8")).build(), HttpResponse.BodyHandlers.ofString()).body();
                pl.lines().filter(l -> l.endsWith(".m4s")).forEach(inVod::add);
                if (r.equals("video")) discontinuities = (int) pl.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count();
            }
            java.util.Set<String> lost = new java.util.TreeSet<>(listed);
            lost.removeAll(inVod);
            assertTrue(listed.size() > 20, "live playlists listed " + listed.size());
            assertEquals(java.util.Set.of(), lost, "every segment ever listed live is in the VOD");
            assertTrue(discontinuities >= SOAK_ROUNDS, "each restart is a marked discontinuity: " + discontinuities);

            Map<String, String> values = new HashMap<>();
            values.put(Setting.LIVEPIPE_DATA_DIR.name(), data.toString());
            BlobStore media = Stores.open(Settings.from(values), EventPublisher.none()).media();
            for (JsonNode rendition : asset.get("timeline")) {
                long end = -1;
                for (JsonNode e : rendition.get("segments")) {
                    assertWhole(media.get(e.get("path").asText()).orElseThrow().data(), e.get("path").asText());
                    long t = e.get("decodeTime").asLong();
                    assertTrue(t >= end, "decode times never go back: " + e);
                    end = t + e.get("duration").asLong();
                }
            }
            // Frames keep the demuxer's time base: FFmpeg's default 1/30 for the null output rounds RTMP's millisecond
            // frame times (33/34 ms apart), and after a restart shifts their phase two frames can land on one tick.
            String errors = new String(new ProcessBuilder("ffmpeg", "-v", "error", "-i", vod + "/master.m3u8", "-enc_time_base", "-1", "-f", "null", "-")
                    .redirectErrorStream(true).start().getInputStream().readAllBytes()).trim();
            assertEquals("", errors, "the VOD decodes end to end");
            double seconds = asset.get("durationSeconds").asDouble();
            double published = publishedMs.get() / 1000.0;
            System.out.printf("soak: rounds=%d published=%.1fs recorded=%.1fs segmentsListed=%d discontinuities=%d%n",
                    SOAK_ROUNDS, published, seconds, listed.size(), discontinuities);
            assertTrue(seconds <= published + 2, "recorded " + seconds + " s of " + published + " s published");
            // each kill loses what was not yet a whole fragment (≤ 3 key-frame intervals) and FFmpeg's reconnect
            assertTrue(seconds >= published - SOAK_ROUNDS * 5.0 - 3, "recorded " + seconds + " s of " + published + " s published");
            try (var files = Files.list(data)) {
                for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                    String text = Files.readString(log);
                    assertTrue(!text.contains("segment_exists") && !text.contains("segment_name_taken") && !text.contains("segment_lost"),
                            "no stored name was ever found taken: " + log);
                }
            }
        } finally {
            platform.destroy();
            platform.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The fragment parses and its mdat holds exactly the bytes its trun declares. */
    static void assertWhole(byte[] b, String path) {
        Fragment f = Fragment.parse(b);
        long declared = f.samples().stream().mapToLong(Fragment.SampleEntry::size).sum();
        int mdat = b.length - (int) declared;
        assertTrue(declared > 0 && mdat > 8, path);
        assertEquals('m', (char) b[mdat - 4], path + " ends with its mdat payload");
    }
}
