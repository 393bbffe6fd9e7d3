package io.livepipe.media.cenc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livepipe.media.MalformedMediaException;
import java.util.List;

/**
 * Arbitrary bytes as a clear CMAF header and as a clear fragment (behind a valid header of
 * either kind) through both schemes: a protected output, or MalformedMediaException. Outputs
 * are at most linear in the input, which the assertion checks; a fragment encrypted in place
 * gives the same bytes as into a new array, or the same refusal.
 */
class CencFuzzTest {
    static final byte[] KEY = new byte[16];
    static final byte[] KID = new byte[16];
    static final List<Pssh> PSSH = List.of(Pssh.clearKey(List.of(KID)));

    @FuzzTest(maxDuration = "10s")
    void transformsOnlyThrowMalformedMedia(FuzzedDataProvider in) {
        int mode = in.consumeInt(0, 3);
        Scheme scheme = in.consumeBoolean() ? Scheme.CENC : Scheme.CBCS;
        byte[] data = in.consumeRemainingAsBytes();
        try {
            byte[] out;
            if (mode == 0) {
                out = CmafEncryption.encryptInit(data, ClearTrackHeader.of(data), scheme, KID, PSSH);
            } else {
                byte[] init = mode == 1 ? CmafEncryptionTest.VIDEO_INIT : CmafEncryptionTest.AUDIO_INIT;
                out = CmafEncryption.encryptSegment(ClearTrackHeader.of(init), data, scheme, KEY, KID, 42);
                byte[] inPlace = CmafEncryption.encryptSegmentInPlace(ClearTrackHeader.of(init), data.clone(), scheme, KEY, KID, 42).toByteArray();
                if (!java.util.Arrays.equals(out, inPlace)) throw new AssertionError("in place differs from into a new array");
            }
            if (out.length > 2L * data.length + 4096) throw new AssertionError(out.length + " bytes out of " + data.length);
        } catch (MalformedMediaException expected) {
            // refused with the one exception type, in place too (the same checks, before anything is written)
            if (mode > 0) {
                byte[] init = mode == 1 ? CmafEncryptionTest.VIDEO_INIT : CmafEncryptionTest.AUDIO_INIT;
                try {
                    CmafEncryption.encryptSegmentInPlace(ClearTrackHeader.of(init), data.clone(), scheme, KEY, KID, 42);
                    throw new AssertionError("refused into a new array, taken in place");
                } catch (MalformedMediaException same) {
                    // as expected
                }
            }
        }
    }
}
