package io.livepipe.media.mp4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.media.MalformedMediaException;

/**
 * Arbitrary bytes through the box reader, the fragment parser and the init segment (moov)
 * parser that reads outside fMP4 (the ladder's FFmpeg output): records, or MalformedMediaException.
 * Each parser sees every input, whatever the others made of it.
 */
class BoxReaderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parseOnlyThrowsMalformedMedia(byte[] data) {
        try {
            BoxReader.read(data);
        } catch (MalformedMediaException expected) {
            // malformed input is refused with the one exception type
        }
        try {
            Fragment.parse(data);
        } catch (MalformedMediaException expected) {
            // likewise
        }
        try {
            InitInfo.parse(data);
        } catch (MalformedMediaException expected) {
            // likewise
        }
    }
}
