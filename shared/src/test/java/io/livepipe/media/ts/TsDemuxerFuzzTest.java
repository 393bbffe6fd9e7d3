package io.livepipe.media.ts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes in arbitrary splits: events, or a TsException; never another exception, never more held than the limits. */
class TsDemuxerFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void feedOnlyThrowsTsException(FuzzedDataProvider data) {
        TsDemuxer d = new TsDemuxer(new TsLimits(64 * 1024, 4, 8));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 2048));
                d.feed(chunk);
            }
            d.flush();
        } catch (TsException expected) {
            assertTrue(expected.offset() >= 0);
        }
    }
}
