package io.livepipe.streaming.lowlatency;

import io.livepipe.http.Refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.streaming.lowlatency.BlockingReload.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8216bis §6.2.5: the delivery directives, and the server's answers to each. */
class BlockingReloadTest {
    @Test
    void parsesMsnPartAndSkip() {
        assertEquals(new BlockingReload(12, 3, true), BlockingReload.parse(Map.of("_HLS_msn", "12", "_HLS_part", "3", "_HLS_skip", "YES")));
        assertEquals(new BlockingReload(0, -1, true), BlockingReload.parse(Map.of("_HLS_msn", "0", "_HLS_skip", "v2")));
        assertFalse(BlockingReload.parse(Map.of()).blocking());
        assertEquals(BlockingReload.NONE, BlockingReload.parse(Map.of("token", "x")));
    }

    @Test
    void refusesPartWithoutMsnNegativeNonNumericHugeAndUnknownSkip() {
        for (Map<String, String> bad : java.util.List.of(
                Map.of("_HLS_part", "1"),
                Map.of("_HLS_msn", "-1"),
                Map.of("_HLS_msn", "+1"),
                Map.of("_HLS_msn", "1e3"),
                Map.of("_HLS_msn", ""),
                Map.of("_HLS_msn", "abc"),
                Map.of("_HLS_msn", "9999999999999999999999"),
                Map.of("_HLS_msn", "5", "_HLS_part", "-2"),
                Map.of("_HLS_msn", "5", "_HLS_part", "99999999"),
                Map.of("_HLS_skip", "yes"),
                Map.of("_HLS_skip", "NO"))) {
            assertThrows(Refusal.class, () -> BlockingReload.parse(bad), bad.toString());
        }
    }

    @Test
    void tooFarAheadIsMoreThanTwoSegmentsOrTheAdvancePartLimit() {
        // edge: segment 10 open with parts 0..2, segment 9 the last whole one; 4 parts a segment, 0.5 s parts
        assertEquals(Verdict.READY, new BlockingReload(9, -1, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.WAIT, new BlockingReload(10, -1, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.WAIT, new BlockingReload(12, -1, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.TOO_FAR, new BlockingReload(13, -1, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.READY, new BlockingReload(10, 2, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.WAIT, new BlockingReload(10, 3, false).verdict(10, 2, 9, 4, 0.5));
        // advance part limit: 3 / 0.5 = 6 parts past the last
        assertEquals(Verdict.WAIT, new BlockingReload(10, 8, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.TOO_FAR, new BlockingReload(10, 9, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.WAIT, new BlockingReload(11, 3, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.WAIT, new BlockingReload(12, 0, false).verdict(10, 2, 9, 4, 0.5));
        assertEquals(Verdict.TOO_FAR, new BlockingReload(12, 1, false).verdict(10, 2, 9, 4, 0.5));
        // one-second parts or longer: three parts
        assertEquals(Verdict.TOO_FAR, new BlockingReload(10, 6, false).verdict(10, 2, 9, 4, 1.0));
        assertTrue(new BlockingReload(3, 0, false).verdict(10, 2, 9, 4, 0.5) == Verdict.READY, "the past is ready at once");
    }
}
