package io.livepipe.encoder.lowlatency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.encoder.http.HostResponse;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.streaming.lowlatency.BlockingReload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Held requests end: 503 after three target durations when what they wait for never comes; none left held after. */
class LowLatencyOriginTest {
    @Test
    void aReloadNothingAnswersIs503AfterThreeTargetDurations() throws Exception {
        try (LowLatencyOrigin origin = new LowLatencyOrigin(null, Clock.systemUTC(), Duration.ofMillis(500), 8)) {
            PartRing ring = new PartRing("ch", "run", 8, 0.5, 1, Clock.systemUTC());
            CompletableFuture<Void> never = ring.await("video", new BlockingReload(5, -1, false));
            long t0 = System.nanoTime();
            CompletableFuture<HostResponse> answer = origin.hold(ring, never, () -> HostResponse.problem(200, "ready")).toCompletableFuture();
            assertEquals(1, origin.held());
            HostResponse r = answer.get(10, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, r.status(), new String(r.body(), StandardCharsets.UTF_8));
            assertTrue(ms >= 2900 && ms < 6000, "answered after " + ms + " ms (3 x 1 s target duration)");
            assertEquals(0, origin.held());
            assertEquals(0, ring.waiting(), "the waiter is forgotten");
            assertEquals("no-store", r.headers().get("Cache-Control"));
        }
    }

    @Test
    void otherMethodsAndPathsAreRefusedWithoutALookUp() throws Exception {
        try (LowLatencyOrigin origin = new LowLatencyOrigin(null, Clock.systemUTC(), Duration.ofMillis(500), 8)) {
            HostRequest post = new HostRequest("POST", "/" + "0".repeat(32) + "/ll/master.m3u8", "", Map.of(), Map.of(), new byte[0]);
            assertEquals(405, origin.handle(post).toCompletableFuture().get(5, TimeUnit.SECONDS).status());
            assertTrue(LowLatencyOrigin.matches("/" + "a".repeat(32) + "/ll/video.m3u8"));
            assertTrue(!LowLatencyOrigin.matches("/" + "a".repeat(32) + "/video.m3u8"));
        }
    }
}
