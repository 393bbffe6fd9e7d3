package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hls.js and shaka-player, served by the local platform from npm, in headless Debian Chromium
 * (driven by playwright-core): HLS and DASH of a live program, then of its VOD asset, play past
 * 10 s with no error event.
 */
class BrowserPlaybackTest {
    static LocalPlatformHarness lp;
    static String locator;
    static JsonNode liveHls;
    static JsonNode liveDash;

    @BeforeAll
    static void live() throws Exception {
        lp = new LocalPlatformHarness();
        String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"web\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
        lp.api("POST", "channels/web/start", null);
        lp.api("POST", "channels/web/programs", "{\"name\":\"p\",\"assetName\":\"web-p\",\"archiveWindow\":\"PT10M\"}");
        locator = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"web-p\"}")).get("id").asText();
        Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "50",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv",
                "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(8000);
        liveHls = play(lp.base + "/" + locator + "/master.m3u8", 10, 25);
        liveDash = play(lp.base + "/" + locator + "/manifest.mpd", 10, 25);
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS));
        Thread.sleep(1500);
        lp.api("POST", "channels/web/programs/p/stop", null);
    }

    @AfterAll
    static void stop() { lp.close(); }

    static JsonNode play(String src, int target, int timeout) throws Exception { return lp.play(src, target, timeout, null); }

    static void assertPlayed(JsonNode r, String library, boolean live) {
        assertEquals(library, r.get("library").asText(), r.toString());
        assertEquals(0, r.get("errors").size(), r.toString());
        assertEquals(0, r.get("pageErrors").size(), r.toString());
        assertTrue(r.get("currentTime").asDouble() > 10, r.toString());
        assertEquals(live, r.get("live").asBoolean(), r.toString());
    }

    @Test
    void hlsJsPlaysTheLiveProgram() { assertPlayed(liveHls, "hls.js", true); }

    @Test
    void shakaPlaysTheLiveProgramOverDash() { assertPlayed(liveDash, "shaka-player", true); }

    @Test
    void hlsJsPlaysTheVodAsset() throws Exception {
        assertPlayed(play(lp.base + "/" + locator + "/master.m3u8", 10, 30), "hls.js", false);
    }

    @Test
    void shakaPlaysTheVodAssetOverDash() throws Exception {
        assertPlayed(play(lp.base + "/" + locator + "/manifest.mpd", 10, 30), "shaka-player", false);
    }
}
