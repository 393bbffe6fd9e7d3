package io.livepipe.streaming;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.http.RangeSelection;
import java.util.Map;

/**
 * Arbitrary streaming paths, Range headers and clip times: a parsed request, or a
 * {@link Refusal} with a 4xx status — never another exception. A Range header is
 * ignored (the whole body), one range inside the body, or unsatisfiable, per RFC 9110 §14.2.
 */
class StreamingRequestFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void pathsRangesAndTimesOnlyGive4xx(FuzzedDataProvider data) {
        String path = data.consumeString(600);
        String range = data.consumeString(80);
        long length = data.consumeLong(0, 1L << 40);
        String start = data.consumeString(30);
        String end = data.consumeRemainingAsString();
        try {
            StreamingRequest r = StreamingRequest.parse(path);
            assertTrue(r.locator().length() == 32);
        } catch (Refusal e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        }
        RangeSelection s = RangeSelection.of(range, length);
        switch (s.kind()) {
            case PARTIAL -> {
                assertTrue(0 <= s.first() && s.first() <= s.last() && s.last() < length, s.toString());
                assertEquals("bytes " + s.first() + "-" + s.last() + "/" + length, s.contentRange(length));
            }
            case UNSATISFIABLE -> assertEquals("bytes */" + length, s.contentRange(length));
            case WHOLE -> assertEquals(0, s.count());
        }
        if (range.indexOf(',') < 0 && range.strip().toLowerCase(java.util.Locale.ROOT).startsWith("bytes=")) {
            assertEquals(s, RangeSelection.of(range.toUpperCase(java.util.Locale.ROOT), length), "the unit is case-insensitive");
        }
        try {
            double[] w = RenditionCatalog.window(new Locator("0".repeat(32), "a", "clear", null, null, null, null, null),
                    Map.of("startTime", start, "endTime", end));
            assertTrue(w[0] >= 0 && w[1] > w[0]);
        } catch (Refusal e) {
            assertTrue(e.status() == 400);
        }
    }
}
