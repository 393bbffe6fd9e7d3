package io.livepipe.media.amf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes through the AMF decoder: values within the limits, or an AmfException. */
class AmfFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decodeOnlyThrowsAmfException(byte[] data) {
        try {
            var values = Amf0.decodeAll(data);
            assertTrue(values.size() <= AmfLimits.MAX_VALUES);
        } catch (AmfException expected) {
            // malformed input is refused with the one exception type
        }
    }
}
