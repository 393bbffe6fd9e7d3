package io.livepipe.media.mp4;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.aac.AacConfig;
import io.livepipe.media.h264.AvcConfig;

/** Arbitrary decoder configurations: parsed, or MalformedMediaException. */
class ParameterSetsFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void avcAndAacConfigsOnlyThrowMalformedMedia(byte[] data) {
        try {
            AvcConfig.parse(data);
        } catch (MalformedMediaException expected) {
            // refused
        }
        try {
            AacConfig.parse(data);
        } catch (MalformedMediaException expected) {
            // refused
        }
    }
}
