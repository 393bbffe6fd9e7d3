package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole local platform: channels through the management routes, FFmpeg publishing over
 * RTMP, channel events delivered in-process to ChannelEvents and read back from the console's
 * events route.
 */
class ChannelIngestEndToEndTest {
    static LocalPlatformHarness lp;

    @BeforeAll
    static void start() { lp = new LocalPlatformHarness(); }

    @AfterAll
    static void stop() { lp.close(); }

    int ffmpeg(String key, double seconds) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", Double.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    JsonNode awaitEvents(String channel, Predicate<List<String>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode body;
        do {
            body = LocalPlatformHarness.json(lp.api("GET", "channels/" + channel + "/events", null));
            if (done.test(types(body))) return body;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return body;
    }

    static List<String> types(JsonNode observation) {
        List<String> t = new ArrayList<>();
        observation.get("recentEvents").forEach(e -> t.add(e.get("eventType").asText()));
        return t;
    }

    @Test
    void createStartPublishAndWatchTheEvents() throws Exception {
        HttpResponse<String> created = lp.api("POST", "channels", "{\"name\":\"e2e\",\"description\":\"test\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode c = LocalPlatformHarness.json(created);
        String key = c.get("streamKey").asText();
        assertEquals("rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key, c.get("ingestUrl").asText());
        assertTrue(c.get("previewUrl").asText().endsWith("/api/channels/e2e/preview"), "the route that hands out a short-lived preview URL");
        JsonNode got = LocalPlatformHarness.json(lp.api("GET", "channels/e2e", null));
        assertTrue(got.get("streamKey").isNull(), "the key is shown once only");

        assertNotEquals(0, ffmpeg(key, 1), "a stopped channel refuses");
        assertEquals("Running", LocalPlatformHarness.json(lp.api("POST", "channels/e2e/start", null)).get("state").asText());
        assertEquals(0, ffmpeg(key, 3));

        JsonNode obs = awaitEvents("e2e", t -> t.contains("Microsoft.Media.LiveEventEncoderDisconnected"));
        List<String> t = types(obs);
        assertTrue(t.contains("Microsoft.Media.LiveEventConnectionRejected"), t.toString());
        assertTrue(t.contains("Microsoft.Media.LiveEventEncoderConnected"), t.toString());
        assertTrue(t.contains("Microsoft.Media.LiveEventIncomingStreamReceived"), t.toString());
        assertTrue(t.contains("Livepipe.ChannelStateChanged"), t.toString());
        assertTrue(obs.get("encoder").isNull(), "disconnected at the end");
        for (JsonNode e : obs.get("recentEvents")) {
            if (e.get("eventType").asText().endsWith("EncoderDisconnected")) assertEquals("S_OK", e.get("data").get("resultCode").asText());
            if (e.get("eventType").asText().endsWith("ConnectionRejected")) {
                assertEquals("MPE_INGEST_CHANNEL_NOT_RUNNING", e.get("data").get("resultCode").asText());
            }
        }
        assertEquals(409, lp.api("DELETE", "channels/e2e", null).statusCode(), "running channels are not deleted");
        assertEquals("Stopped", LocalPlatformHarness.json(lp.api("POST", "channels/e2e/stop", null)).get("state").asText());
        assertEquals(204, lp.api("DELETE", "channels/e2e", null).statusCode());
        assertEquals(404, lp.api("GET", "channels/e2e", null).statusCode());
    }

    @Test
    void managementRoutesRefuseBadInputWith4xx() {
        assertEquals(400, lp.api("POST", "channels", "{\"name\":\"bad name\"}").statusCode());
        assertEquals(400, lp.api("POST", "channels", "{\"name\":\"ok\",\"keyFrameInterval\":\"PT60S\"}").statusCode());
        assertEquals(400, lp.api("POST", "channels", "{\"name\":\"ok\",\"ingestAllowList\":[\"example.com\"]}").statusCode());
        assertEquals(400, lp.api("POST", "channels", "{\"name\":\"ok\",\"mode\":\"x\"}").statusCode());
        assertEquals(400, lp.api("POST", "channels", "{\"nmae\":\"ok\"}").statusCode());
        assertEquals(400, lp.api("POST", "channels", "not json").statusCode());
        assertEquals(400, lp.api("POST", "channels", null).statusCode());
        assertEquals(404, lp.api("POST", "channels/nope/start", null).statusCode());
        assertEquals(404, lp.api("POST", "channels/nope/explode", null).statusCode());
        lp.api("POST", "channels", "{\"name\":\"twice\"}");
        assertEquals(409, lp.api("POST", "channels", "{\"name\":\"twice\"}").statusCode());
        assertEquals(409, lp.api("POST", "channels/twice/reset", null).statusCode());
    }

    @Test
    void updatesAndKeyRotationOverHttpDecideWhoMayPublish() throws Exception {
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"rot\"}")).get("streamKey").asText();
        lp.api("POST", "channels/rot/start", null);
        HttpResponse<String> patched = lp.api("PATCH", "channels/rot", "{\"description\":\"studio B\",\"ingestAllowList\":[\"10.1.2.0/24\"]}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("studio B", LocalPlatformHarness.json(patched).get("description").asText());
        assertNotEquals(0, ffmpeg(key, 1), "127.0.0.1 is not in the allow-list");
        assertEquals(409, lp.api("PATCH", "channels/rot", "{\"keyFrameInterval\":\"PT4S\"}").statusCode(), "encoding changes wait for a stop");
        assertEquals(400, lp.api("PATCH", "channels/rot", "{\"name\":\"other\"}").statusCode(), "no renaming");
        assertEquals(200, lp.api("PATCH", "channels/rot", "{\"ingestAllowList\":[\"127.0.0.0/8\"]}").statusCode());
        assertEquals(0, ffmpeg(key, 1.5));
        HttpResponse<String> rotated = lp.api("POST", "channels/rot/rotatekey", null);
        assertEquals(200, rotated.statusCode(), rotated.body());
        String fresh = LocalPlatformHarness.json(rotated).get("streamKey").asText();
        assertNotEquals(key, fresh);
        assertTrue(LocalPlatformHarness.json(rotated).get("ingestUrl").asText().endsWith("/live/" + fresh));
        assertNotEquals(0, ffmpeg(key, 1), "the old key is refused");
        assertEquals(0, ffmpeg(fresh, 1.5), "the new key publishes");
        assertTrue(LocalPlatformHarness.json(lp.api("GET", "channels/rot", null)).get("streamKey").isNull(), "shown once only");
    }
}
