package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console (web/index.html) in headless Debian Chromium, driven by playwright-core through a
 * live event (tests/src/test/js/console.mjs): signed in by the launcher's one-time link, a channel
 * is created and started, FFmpeg publishes a clip of measured bitrate, the preview monitor plays,
 * the bitrate graph shows the publisher's bitrate, a program is started and stopped and its VOD
 * plays, and an envelope locator behind a token-restricted policy plays with a token generated
 * in the console, as does a cbcs locator through W3C ClearKey. Screenshots of each page: tests/target/console-screenshots/.
 */
class ConsoleBrowserTest {
    static LocalPlatformHarness lp;
    static JsonNode run;
    static long clipVideoBitrate;
    static String code;

    @BeforeAll
    static void operateALiveEvent() throws Exception {
        lp = new LocalPlatformHarness();
        Path dir = Files.createTempDirectory("console-test");
        Path clip = dir.resolve("clip.mp4");
        // A clip with a steady bitrate (VBV of one second), looped by the publisher at its own pace.
        exec(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "20", "-c:v", "libx264", "-preset", "veryfast",
                "-profile:v", "main", "-g", "60", "-b:v", "1200k", "-maxrate", "1200k", "-bufsize", "1200k", "-c:a", "aac", "-b:a", "128k",
                clip.toString()));
        clipVideoBitrate = Long.parseLong(exec(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=bit_rate", "-of", "csv=p=0", clip.toString())).trim());
        // What ./livepipe up does: a one-time code made with the function key, put in the link's fragment.
        var made = lp.send("POST", "/console/signin-codes", null, Map.of("x-functions-key", LocalPlatformHarness.KEY));
        assertEquals(201, made.statusCode(), made.body());
        code = LocalPlatformHarness.json(made).get("code").asText();
        Path shots = LocalPlatformHarness.repoRoot().resolve("tests/target/console-screenshots");
        String out = exec(List.of("node", LocalPlatformHarness.repoRoot().resolve("tests/src/test/js/console.mjs").toString(),
                lp.base, code, clip.toString(), shots.toString()));
        run = LocalPlatformHarness.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        System.out.println("console: " + run.get("steps") + " video bitrate published=" + clipVideoBitrate
                + " graphed=" + run.path("health").path("fullWindow").asLong());
    }

    @AfterAll
    static void stop() { if (lp != null) lp.close(); }

    static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(LocalPlatformHarness.repoRoot().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(400, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + out);
        return out;
    }

    @Test
    void theWholeEventRanWithoutAPageError() {
        assertNull(run.get("failure"), run.toString());
        assertEquals(0, run.get("pageErrors").size(), run.toString());
        assertEquals(9, run.get("steps").size(), run.toString());
    }

    @Test
    void theOneTimeLinkSignsInOnceAndLeavesNoCodeBehind() {
        assertTrue(run.get("signedIn").asBoolean(), run.toString());
        assertFalse(run.get("urlAfterSignIn").asText().contains(code), run.get("urlAfterSignIn").asText());
        assertFalse(run.get("urlAfterSignIn").asText().contains(LocalPlatformHarness.KEY));
        var again = lp.send("POST", "/console/signin", "{\"code\":\"" + code + "\"}", Map.of("Content-Type", "application/json"));
        assertEquals(403, again.statusCode(), again.body());
    }

    @Test
    void aWrongKeyLeadsBackToTheSignInForm() {
        JsonNode w = run.get("wrongKey");
        assertTrue(w.get("signInShown").asBoolean(), w.toString());
        assertTrue(w.get("error").asText().contains("401"), w.toString());
    }

    @Test
    void theStreamKeyIsShownOnceWithIngestUrlsAndObsSettings() {
        JsonNode k = run.get("keyShownOnce");
        assertTrue(k.get("ingestEndsWithKey").asBoolean(), k.toString());
        assertTrue(k.get("warning").asText().contains("Shown once"), k.toString());
        assertEquals("rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live", k.get("obsServer").asText());
    }

    @Test
    void anApiErrorIsShownAsTheApiSaidIt() {
        assertTrue(run.get("apiError").asText().contains("400 keyFrameInterval must be between PT0.5S and PT20S"), run.get("apiError").asText());
    }

    @Test
    void thePreviewMonitorPlaysWithSound() {
        JsonNode p = run.get("preview");
        assertTrue(p.get("t2").asDouble() > p.get("t1").asDouble() + 1.5, p.toString());
        assertTrue(p.get("level").asDouble() > 0.01, "the audio meter saw the 440 Hz tone: " + p);
    }

    @Test
    void theBitrateGraphShowsThePublishersBitrateWithinTwentyPercent() {
        JsonNode h = run.get("health");
        double graphed = h.get("fullWindow").asDouble();
        assertTrue(Math.abs(graphed - clipVideoBitrate) <= 0.2 * clipVideoBitrate,
                "graphed " + graphed + " against the clip's " + clipVideoBitrate + ": " + h);
        assertEquals(3, h.get("chartSeries").asInt(), "time, audio and video: " + h);
    }

    @Test
    void theCadenceGraphShowsTheClipsFrameRateAndKeyFrameInterval() {
        JsonNode h = run.get("health");
        assertEquals(30.0, h.get("frameRate").asDouble(), 0.5, h.toString());
        assertEquals(2.0, h.get("keyFrameInterval").asDouble(), 0.1, "-g 60 at 30 fps: " + h);
    }

    @Test
    void aProgramRecordsAndItsVodPlays() {
        assertTrue(run.get("assetGrowth").asText().startsWith("live"), run.toString());
        assertTrue(run.get("assetAfterStop").asText().startsWith("vod"), run.toString());
        JsonNode vod = run.get("vod");
        assertEquals(0, vod.get("errors").size(), vod.toString());
        assertFalse(vod.get("live").asBoolean(), vod.toString());
        assertTrue(vod.get("currentTime").asDouble() > 5, vod.toString());
    }

    @Test
    void aProtectedLocatorPlaysWithATokenGeneratedInTheConsole() {
        JsonNode p = run.get("protected");
        assertEquals(0, p.get("errors").size(), p.toString());
        assertTrue(p.get("currentTime").asDouble() > 5, p.toString());
        assertTrue(p.get("hasTokenInFragment").asBoolean(), p.toString());
        assertFalse(p.get("tokenInQuery").asBoolean(), "a token never rides in a cacheable URL: " + p);
        assertTrue(run.get("publish").get("urls").get(0).asText().endsWith("/master.m3u8"), run.get("publish").toString());
        assertTrue(run.get("publish").get("embed").asText().startsWith("<iframe src=\"" + lp.base + "/player.html?src="), run.get("publish").toString());
    }

    @Test
    void aCbcsLocatorPlaysInChromiumThroughClearKey() {
        JsonNode p = run.get("cbcs");
        assertEquals(0, p.get("errors").size(), p.toString());
        assertEquals("hls.js", p.get("library").asText(), p.toString());
        assertTrue(p.get("src").asText().endsWith("/master.m3u8"), "cbcs plays its HLS: " + p);
        assertTrue(p.get("currentTime").asDouble() > 5, p.toString());
    }

    @Test
    void everyPageHasLabelsKeyboardReachAndContrast() {
        for (String page : List.of("channels", "channel", "policies", "asset")) {
            JsonNode a = run.get("accessibility").get(page);
            assertEquals(0, a.get("unlabelled").size(), page + ": " + a);
            assertEquals(0, a.get("nameless").size(), page + ": " + a);
            assertEquals(0, a.get("unreachable").size(), page + ": " + a);
            assertEquals(0, a.get("lowContrast").size(), page + ": " + a);
        }
        String order = run.get("tabOrder").toString();
        for (String reached : List.of("Skip to content", "Channels", "Name", "Key-frame interval", "Create channel")) {
            assertTrue(order.contains("\"" + reached), "Tab reaches " + reached + ": " + order);
        }
    }
}
