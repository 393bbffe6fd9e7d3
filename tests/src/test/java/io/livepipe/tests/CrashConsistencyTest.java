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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The platform process is killed (SIGKILL) while FFmpeg publishes into a recorded channel, then
 * started again on the same data: every segment stored is whole, and every timeline entry
 * references a segment that exists and is whole. The restart recovers the stamps whose events
 * died with the process.
 */
class CrashConsistencyTest {
    final HttpClient http = HttpClient.newHttpClient();

    Process platform(Path data, int httpPort, int rtmpPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.livepipe.local.LocalMain",
                "--settings", data.resolve("none.json").toString(),
                "--web", LocalPlatformHarness.repoRoot().resolve("web").toString());
        Map<String, String> env = pb.environment();
        env.put(Setting.LIVEPIPE_DATA_DIR.name(), data.toString());
        env.put(Setting.LIVEPIPE_HTTP_PORT.name(), Integer.toString(httpPort));
        env.put(Setting.LIVEPIPE_RTMP_PORT.name(), Integer.toString(rtmpPort));
        env.put(Setting.LIVEPIPE_FUNCTION_KEY.name(), LocalPlatformHarness.KEY);
        Process p = pb.redirectErrorStream(true).redirectOutput(data.resolve("platform-" + System.nanoTime() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("platform did not start");
    }

    JsonNode api(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + path))
                .header("x-functions-key", LocalPlatformHarness.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
        return LocalPlatformHarness.JSON.readTree(r.body());
    }

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

    /** The fragment parses and its mdat holds exactly the bytes its trun declares. */
    static void assertWhole(byte[] b, String path) {
        Fragment f = Fragment.parse(b);
        long declared = f.samples().stream().mapToLong(Fragment.SampleEntry::size).sum();
        int mdat = b.length - (int) declared;
        assertTrue(declared > 0 && mdat > 8, path);
        assertEquals('m', (char) b[mdat - 4], path + " ends with its mdat payload");
    }
}
