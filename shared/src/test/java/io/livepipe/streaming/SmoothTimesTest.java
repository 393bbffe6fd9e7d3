package io.livepipe.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.archive.Asset;
import io.livepipe.archive.SegmentName;
import io.livepipe.archive.Timelines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smooth times: continuous within a stretch, from 0, audio and video on one clock. */
class SmoothTimesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * RTMP audio often starts a little after video (AAC priming: 46 ms here): the first video
     * fragment must not be placed before 0 and pulled to it (GStreamer then showed the first
     * frame of the second fragment twice), nor audio ahead of video.
     */
    @Test
    void audioStartingAfterVideoKeepsEveryFragmentWhereItsDecodeTimeSays() {
        Asset built = new Asset("show", "tv", "p", Duration.ofHours(1), Asset.VOD, T0, T0.plusSeconds(60), Map.of());
        for (int i = 0; i < 3; i++) {
            built = Timelines.stamp(built, new SegmentName("tv", "run", "video", false, i + 1, 180_000L * i, 180_000, 90_000, true, false),
                    T0.plusMillis(2000L * (i + 1) + 40), 1000);
            built = Timelines.stamp(built, new SegmentName("tv", "run", "audio", false, i + 1, 2208 + 96_000L * i, 96_000, 48_000, true, false),
                    T0.plusMillis(2000L * (i + 1) + 46), 100); // audio written with less latency: its epoch is the earlier
        }
        Asset a = built;
        Instant origin = SmoothTimes.origin(a);
        Asset.Timeline v = a.renditions().get("video");
        Asset.Timeline au = a.renditions().get("audio");
        List<Long> vt = v.segments().stream().map(e -> SmoothTimes.time(a, origin, v, e)).toList();
        List<Long> at = au.segments().stream().map(e -> SmoothTimes.time(a, origin, au, e)).toList();
        assertEquals(List.of(0L, 180_000L, 360_000L), vt, "video from 0, each fragment where the one before ends");
        assertEquals(96_000L, at.get(1) - at.get(0));
        // audio and video on one epoch: the audio's 46 ms after video's start
        assertEquals(2208, at.get(0), "audio starts 46 ms (2208 ticks at 48 kHz) after video");
    }
}
