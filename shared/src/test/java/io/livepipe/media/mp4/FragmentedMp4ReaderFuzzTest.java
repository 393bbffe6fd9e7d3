package io.livepipe.media.mp4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.media.MalformedMediaException;
import java.util.HashMap;
import java.util.Map;

/**
 * Arbitrary bytes as a pushed fragmented MP4 stream, fed in two pieces (where the fuzzer's first
 * byte says): headers, fragments and their samples, or MalformedMediaException; never another
 * exception, never more held than the limits allow.
 */
class FragmentedMp4ReaderFuzzTest {
    static final int MAX_BOX = 1 << 20;

    @FuzzTest(maxDuration = "20s")
    void onlyMalformedMediaAndBoundedHolding(byte[] data) {
        FragmentedMp4Reader r = new FragmentedMp4Reader(MAX_BOX);
        Map<Integer, Mp4Track> tracks = new HashMap<>();
        int split = data.length == 0 ? 0 : (data[0] & 0xff) * data.length / 256;
        try {
            for (int[] piece : new int[][] {{0, split}, {split, data.length - split}}) {
                for (FragmentedMp4Reader.Part p : r.feed(data, piece[0], piece[1])) {
                    if (p instanceof FragmentedMp4Reader.Part.Header h) {
                        for (Mp4Track t : h.tracks()) {
                            tracks.put(t.trackId(), t);
                            t.micros(Long.MAX_VALUE / 2);
                        }
                    } else if (p instanceof FragmentedMp4Reader.Part.Fragment f) {
                        MovieFragment.parse(f.moof(), f.mdat(), tracks::get);
                    }
                }
                if (r.bytesHeld() > MAX_BOX + FragmentedMp4Reader.MAX_HEADER_BYTES) throw new AssertionError("held " + r.bytesHeld());
            }
        } catch (MalformedMediaException expected) {
            // refused with the one exception type
        }
        try {
            MovieHeader.parse(data);
        } catch (MalformedMediaException expected) {
            // likewise
        }
    }
}
