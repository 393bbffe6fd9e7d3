package io.livepipe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HLS numbering from the asset's timeline (RFC 8216 §6.2.1, §6.2.2) across runs, reconnects and
 * a sliding window: a segment's media sequence number is its position in the asset and never
 * changes; the first number of the window never decreases (the per-run sequence restarts at 1
 * with each run, which is what the playlist used to print); the discontinuity sequence counts the
 * discontinuities that left the window; and shuffled delivery numbers alike.
 */
class TimelineNumberingTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Run A: 10 segments, a reconnect at 11..15, then run B: 10 segments; 2 s each, written in real time. */
    static List<Object[]> stamps() {
        List<Object[]> out = new ArrayList<>();
        double at = 0;
        for (int i = 0; i < 15; i++) {
            if (i == 10) at += 10;
            at += 2;
            out.add(new Object[] {new SegmentName("ch", "run-a", "video", false, i + 1, i * 180_000L, 180_000, 90_000, true, i == 10), at});
        }
        at += 20;
        for (int i = 0; i < 10; i++) {
            at += 2;
            out.add(new Object[] {new SegmentName("ch", "run-b", "video", false, i + 1, i * 180_000L, 180_000, 90_000, true, false), at});
        }
        return out;
    }

    static Asset stamp(Asset a, Object[] s) {
        return Timelines.stamp(a, (SegmentName) s[0], T0.plusMillis(Math.round((double) s[1] * 1000)), 1000);
    }

    static Asset empty(Duration window) { return new Asset("a", "ch", "p", window, Asset.LIVE, T0, null, Map.of()); }

    @Test
    void aSegmentKeepsItsNumberAndTheWindowsFirstNumberNeverDecreases() {
        Asset a = empty(Duration.ofSeconds(12));
        Map<String, Long> numbers = new HashMap<>();
        long lastFirst = -1;
        long lastDiscontinuities = -1;
        for (Object[] s : stamps()) {
            a = stamp(a, s);
            Asset.Timeline t = a.renditions().get("video");
            List<Asset.Entry> window = t.segments();
            long first = t.mediaSequence(window.get(0));
            assertTrue(first >= lastFirst, "EXT-X-MEDIA-SEQUENCE went from " + lastFirst + " to " + first);
            long dsn = t.discontinuitySequence(window.get(0));
            assertTrue(dsn >= lastDiscontinuities, "EXT-X-DISCONTINUITY-SEQUENCE went from " + lastDiscontinuities + " to " + dsn);
            lastFirst = first;
            lastDiscontinuities = dsn;
            for (int i = 0; i < window.size(); i++) {
                Asset.Entry e = window.get(i);
                assertEquals(first + i, t.mediaSequence(e), "numbers are consecutive in the window");
                Long before = numbers.putIfAbsent(e.path(), t.mediaSequence(e));
                if (before != null) assertEquals(before, t.mediaSequence(e), e.path() + " changed its number");
            }
        }
        Asset.Timeline t = a.renditions().get("video");
        Asset.Entry first = t.segments().get(0);
        assertEquals("run-b", first.runId());
        assertEquals(15 + first.sequence() - 1, t.mediaSequence(first), "run B numbers on after the 15 segments of run A");
        assertEquals(2, t.discontinuitySequence(t.segments().get(0)), "the reconnect and run B's start left the window");
    }

    @Test
    void shuffledDeliveryNumbersAlike() {
        Asset inOrder = empty(Duration.ofHours(1));
        for (Object[] s : stamps()) inOrder = stamp(inOrder, s);
        for (int seed = 0; seed < 5; seed++) {
            List<Object[]> shuffled = new ArrayList<>(stamps());
            Collections.shuffle(shuffled, new Random(seed));
            Asset a = empty(Duration.ofHours(1));
            for (Object[] s : shuffled) a = stamp(a, s);
            assertEquals(inOrder, a, "seed " + seed);
            Asset.Timeline t = a.renditions().get("video");
            List<Long> numbers = t.segments().stream().map(t::mediaSequence).toList();
            for (int i = 0; i < numbers.size(); i++) assertEquals(i, numbers.get(i));
        }
    }

    @Test
    void stretchesStartAtTheRunAndAtEachReconnect() {
        Asset a = empty(Duration.ofHours(1));
        for (Object[] s : stamps()) a = stamp(a, s);
        Asset.Timeline t = a.renditions().get("video");
        Asset.Entry beforeReconnect = t.segments().get(9);
        Asset.Entry afterReconnect = t.segments().get(10);
        assertEquals(0, t.stretchKey(beforeReconnect));
        assertEquals(11, t.stretchKey(afterReconnect));
        assertEquals(T0, t.stretch(beforeReconnect).startTime());
        assertEquals(T0.plusSeconds(30), t.stretch(afterReconnect).startTime(), "the reconnect's first segment began 30 s in (10 s away)");
        assertEquals(1_800_000, t.stretch(afterReconnect).decodeTime());
    }
}
