package io.livepipe.streaming;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Arbitrary streaming paths, Range headers and clip times: a parsed request, or a
 * {@link StreamingException} with a 4xx status — never another exception.
 */
class StreamingRequestFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void pathsRangesAndTimesOnlyGive4xx(FuzzedDataProvider data) {
        String path = data.consumeString(600);
        String range = data.consumeString(80);
        String start = data.consumeString(30);
        String end = data.consumeRemainingAsString();
        try {
            StreamingRequest r = StreamingRequest.parse(path);
            assertTrue(r.locator().length() == 32);
        } catch (StreamingException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
        }
        try {
            long[] span = StreamingService.span(range, 1000);
            assertTrue(span == null || (0 <= span[0] && span[0] <= span[1] && span[1] < 1000));
        } catch (StreamingException e) {
            assertTrue(e.status() == 416);
        }
        try {
            double[] w = StreamingService.window(new Locator("0".repeat(32), "a", "clear", null, null, null, null, null),
                    Map.of("startTime", start, "endTime", end));
            assertTrue(w[0] >= 0 && w[1] > w[0]);
        } catch (StreamingException e) {
            assertTrue(e.status() == 400);
        }
    }
}
