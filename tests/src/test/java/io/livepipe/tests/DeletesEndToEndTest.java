package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, items 5 and 6, over HTTP against the local platform with FFmpeg publishing: deleting
 * an asset deletes its locators and keys, and an asset recorded again under the same name is
 * never served through the old locators nor with the old key; the stream key, published with
 * both URL forms, is in nothing the platform wrote, logged or answered (but the create answer).
 */
class DeletesEndToEndTest {
    static final List<String> log = Collections.synchronizedList(new ArrayList<>());
    static final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { log.add(new SimpleFormatter().format(r)); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    static LocalPlatformHarness lp;
    static String key;

    @BeforeAll
    static void start() {
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        capture.setLevel(Level.ALL);
        lp = new LocalPlatformHarness();
        HttpResponse<String> created = lp.api("POST", "channels", "{\"name\":\"del\",\"keyFrameInterval\":\"PT2S\"}");
        assertEquals(201, created.statusCode(), created.body());
        key = LocalPlatformHarness.json(created).get("streamKey").asText();
        assertEquals(200, lp.api("POST", "channels/del/start", null).statusCode());
        assertEquals(201, lp.api("POST", "contentkeypolicies", "{\"name\":\"open\",\"restriction\":\"open\"}").statusCode());
    }

    @AfterAll
    static void stop() {
        lp.close();
        Logger.getLogger("").removeHandler(capture);
    }

    /** Records {@code seconds} of FFmpeg's test pattern into asset {@code asset}, publishing to {@code path} (after the port). */
    static void record(String program, String asset, String path, int seconds) throws Exception {
        HttpResponse<String> p = lp.api("POST", "channels/del/programs", "{\"name\":\"" + program + "\",\"assetName\":\"" + asset + "\"}");
        assertEquals(201, p.statusCode(), p.body());
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + path)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(ffmpeg.waitFor(seconds + 60L, TimeUnit.SECONDS));
        assertEquals(0, ffmpeg.exitValue(), "FFmpeg published to " + path.replace(key, "KEY"));
        awaitSegments(asset);
        assertEquals(200, lp.api("POST", "channels/del/programs/" + program + "/stop", null).statusCode());
    }

    /** Until the asset's timeline holds a few segments (stamping is asynchronous). */
    static void awaitSegments(String asset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode a = LocalPlatformHarness.json(lp.api("GET", "assets/" + asset, null));
            if (a.path("durationSeconds").asDouble() >= 4) return;
            Thread.sleep(200);
        }
        throw new AssertionError("asset " + asset + " did not fill");
    }

    static String locator(String asset, String policy) {
        String body = "{\"assetName\":\"" + asset + "\",\"streamingPolicy\":\"" + policy + "\""
                + (policy.equals("clear") ? "" : ",\"contentKeyPolicyName\":\"open\"") + "}";
        HttpResponse<String> r = lp.api("POST", "locators", body);
        assertEquals(201, r.statusCode(), r.body());
        return LocalPlatformHarness.json(r).get("id").asText();
    }

    /** The path of the AES-128 key an envelope locator's video playlist names. */
    static String keyPath(String envelope) {
        String playlist = lp.send("GET", "/" + envelope + "/video.m3u8", null, Map.of()).body();
        Matcher m = Pattern.compile("#EXT-X-KEY:METHOD=AES-128,URI=\"([^\"]+)\"").matcher(playlist);
        assertTrue(m.find(), playlist);
        URI u = URI.create(m.group(1));
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    static String firstSegment(String locator) {
        String playlist = lp.send("GET", "/" + locator + "/video.m3u8", null, Map.of()).body();
        return "/" + locator + "/" + playlist.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
    }

    static int status(String path) { return lp.send("GET", path, null, Map.of()).statusCode(); }

    @Test
    void deletingAnAssetDeletesItsLocatorsAndKeysAndARecordingUnderItsNameIsNeverServedThroughThem() throws Exception {
        record("first", "show", "/live/" + key + "/cam", 8);
        String clear = locator("show", "clear");
        String envelope = locator("show", "envelope");
        String oldKeyPath = keyPath(envelope);
        byte[] oldKey = lp.bytes(oldKeyPath);
        assertEquals(16, oldKey.length);
        String oldSegment = firstSegment(clear);
        assertEquals(200, status(oldSegment));

        assertEquals(204, lp.api("DELETE", "assets/show", null).statusCode());
        assertEquals(204, lp.api("DELETE", "assets/show", null).statusCode(), "a retried delete is not an error");
        assertEquals(404, lp.api("GET", "locators/" + clear, null).statusCode(), "the asset's locators went with it");
        assertEquals(404, lp.api("GET", "locators/" + envelope, null).statusCode());
        assertFalse(lp.api("GET", "locators", null).body().contains(clear));
        assertEquals(404, status("/" + clear + "/master.m3u8"));
        int keyAfterDelete = status(oldKeyPath);
        assertTrue(keyAfterDelete == 404 || keyAfterDelete == 403, "the key is not served after the delete: " + keyAfterDelete);
        try (Stream<Path> files = Files.walk(lp.dataDir)) {
            assertTrue(files.noneMatch(f -> f.toString().contains("contentkeys") && f.toString().contains("show")
                    && Files.isRegularFile(f)), "the asset's content keys are deleted");
        }

        record("second", "show", "/live/" + key, 8);
        assertEquals(200, lp.api("GET", "assets/show", null).statusCode());
        for (String path : List.of("/" + clear + "/master.m3u8", "/" + clear + "/video.m3u8", "/" + envelope + "/video.m3u8",
                "/" + clear + "/manifest.mpd", oldSegment)) {
            assertEquals(404, status(path), "an old locator never serves the new recording: " + path);
        }
        int oldKeyNow = status(oldKeyPath);
        assertTrue(oldKeyNow == 404 || oldKeyNow == 403, "the old locator's key route hands out nothing: " + oldKeyNow);
        String fresh = locator("show", "envelope");
        byte[] newKey = lp.bytes(keyPath(fresh));
        assertEquals(16, newKey.length);
        assertFalse(java.util.Arrays.equals(oldKey, newKey), "the new recording has a key of its own");
        assertEquals(200, status(firstSegment(fresh)));

        streamKeyIsNowhere();
    }

    /** After publishing with both URL forms: no file, log line, event or API answer (but the create answer) holds the key. */
    void streamKeyIsNowhere() throws Exception {
        JsonNode events = LocalPlatformHarness.json(lp.api("GET", "channels/del/events", null));
        List<String> types = new ArrayList<>();
        events.get("recentEvents").forEach(e -> types.add(e.get("eventType").asText()));
        assertTrue(types.contains("Microsoft.Media.LiveEventEncoderConnected") && types.contains("Microsoft.Media.LiveEventIncomingStreamReceived"),
                types.toString());
        for (JsonNode e : events.get("recentEvents")) {
            if (e.get("data").has("ingestUrl")) {
                assertEquals("rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live", e.get("data").get("ingestUrl").asText(), e.toString());
            }
        }
        List<String> streamIds = new ArrayList<>();
        events.get("recentEvents").forEach(e -> {
            if (e.get("eventType").asText().endsWith("EncoderConnected")) streamIds.add(e.get("data").get("streamId").asText());
        });
        assertTrue(streamIds.contains("cam") && streamIds.contains(""), "both URL forms were used: " + streamIds);
        List<String> answers = new ArrayList<>();
        for (String path : List.of("channels/del/events", "channels/del", "channels", "assets", "assets/show", "locators",
                "channels/del/programs", "channels/del/programs/second")) {
            answers.add(lp.api("GET", path, null).body());
        }
        for (String a : answers) assertFalse(a.contains(key), "an API answer holds the stream key: " + a.replace(key, "KEY"));
        synchronized (log) {
            assertFalse(log.isEmpty(), "the platform's log was captured");
            for (String line : log) assertFalse(line.contains(key), "a log line holds the stream key: " + line.replace(key, "KEY"));
        }
        byte[] needle = key.getBytes(StandardCharsets.UTF_8);
        int files = 0;
        try (Stream<Path> all = Files.walk(lp.dataDir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files++;
                assertFalse(Bytes.contains(Files.readAllBytes(f), needle), "the data dir's " + lp.dataDir.relativize(f) + " holds the stream key");
            }
        }
        assertTrue(files > 10, "the data dir was searched: " + files + " files");
    }

    /** A byte search without charset assumptions (segments are binary). */
    static final class Bytes {
        static boolean contains(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
                return true;
            }
            return false;
        }
    }

    @Test
    void locatorWindowsThatAreNotFiniteSecondsAreRefused() {
        lp.api("POST", "channels/del/programs", "{\"name\":\"w\",\"assetName\":\"windows\"}");
        lp.api("POST", "channels/del/programs/w/stop", null);
        for (String window : List.of("\"startTime\":\"NaN\"", "\"endTime\":\"NaN\"", "\"startTime\":\"Infinity\"", "\"endTime\":\"Infinity\"",
                "\"startTime\":\"-Infinity\"", "\"startTime\":-1", "\"startTime\":5,\"endTime\":5", "\"startTime\":6,\"endTime\":5")) {
            HttpResponse<String> r = lp.api("POST", "locators", "{\"assetName\":\"windows\"," + window + "}");
            assertEquals(400, r.statusCode(), window + " gave " + r.body());
            assertTrue(r.body().contains("startTime") || r.body().contains("endTime"), r.body());
        }
        String id = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"windows\"}")).get("id").asText();
        for (String q : List.of("startTime=NaN", "endTime=Infinity", "startTime=-Infinity", "startTime=-1", "startTime=5&endTime=5",
                "startTime=0x1p3")) {
            assertEquals(400, status("/" + id + "/video.m3u8?" + q), q);
        }
    }
}
