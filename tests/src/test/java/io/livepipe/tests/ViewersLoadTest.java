package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.tests.load.ViewerLoad;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bounded version of {@code bench/viewers.sh}: a live channel published by FFmpeg and 100
 * simulated HLS players (reloading per target duration, fetching every new audio and video
 * segment) for 12 seconds: no error, no viewer that fell behind, every viewer fetching at least
 * the segments real time produces. The full run (1000 viewers beside nginx-rtmp) is the benchmark.
 */
class ViewersLoadTest {
    @Test
    void aHundredLivePlayersAreServedWithoutAnError() throws Exception {
        try (LocalPlatformHarness lp = new LocalPlatformHarness()) {
            String key = LocalPlatformHarness.json(lp.api("POST", "channels", "{\"name\":\"crowd\",\"keyFrameInterval\":\"PT2S\"}")).get("streamKey").asText();
            lp.api("POST", "channels/crowd/start", null);
            assertEquals(201, lp.api("POST", "channels/crowd/programs", "{\"name\":\"p\",\"assetName\":\"crowd-p\",\"archiveWindow\":\"PT10M\"}").statusCode());
            String locator = LocalPlatformHarness.json(lp.api("POST", "locators", "{\"assetName\":\"crowd-p\"}")).get("id").asText();
            Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                    "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "30",
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "600k", "-c:a", "aac", "-f", "flv",
                    "rtmp://127.0.0.1:" + lp.platform.rtmpPort() + "/live/" + key)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Thread.sleep(8000); // a few segments in the window before the viewers come
                ViewerLoad.Result r = new ViewerLoad(URI.create(lp.base + "/" + locator + "/master.m3u8"), 100, Duration.ofSeconds(12)).run();
                System.out.println("viewers: " + r.line());
                assertEquals(0, r.errors(), () -> "errors: " + r.firstErrors());
                assertEquals(0, r.stalledViewers(), r::line);
                // each viewer, per track: three segments behind the edge, then one more per 2 s; a first
                // load and a reload per 2 s (counted loosely: the test shares two cores with the platform)
                assertTrue(r.segments() >= 100L * 2 * 4, r::line);
                assertTrue(r.playlists() >= 100L * 2 * 3, r::line);
            } finally {
                publisher.destroy();
                publisher.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
