package io.livepipe.media.flv;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary tag bodies: a parsed tag, or an FlvException. */
class FlvTagsFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parseOnlyThrowsFlvException(FuzzedDataProvider data) {
        boolean video = data.consumeBoolean();
        long ts = data.consumeLong(0, 0xffffffffL);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            assertNotNull(video ? FlvTags.video(ts, body) : FlvTags.audio(ts, body));
        } catch (FlvException expected) {
            // malformed input is refused with the one exception type
        }
    }
}
