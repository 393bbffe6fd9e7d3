package io.livepipe.media.mp4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.media.MalformedMediaException;

/** Arbitrary bytes through the box reader and fragment parser: records, or MalformedMediaException. */
class BoxReaderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parseOnlyThrowsMalformedMedia(byte[] data) {
        try {
            BoxReader.read(data);
            Fragment.parse(data);
        } catch (MalformedMediaException expected) {
            // malformed input is refused with the one exception type
        }
    }
}
