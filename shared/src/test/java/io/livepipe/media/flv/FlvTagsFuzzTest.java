package io.livepipe.media.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/** Arbitrary tag bodies: a parsed tag, or an FlvException; the same whole or in two parts. */
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

    @FuzzTest(maxDuration = "10s")
    void aBodyInTwoPartsParsesAsTheWhole(FuzzedDataProvider data) {
        boolean video = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        int k = body.length == 0 ? 0 : FlvTags.headerLength(video, body[0]);
        byte[] head = k == 0 || body.length < k ? new byte[0] : Arrays.copyOf(body, k);
        byte[] rest = Arrays.copyOfRange(body, head.length, body.length);
        assertEquals(describe(() -> video ? FlvTags.video(0, body) : FlvTags.audio(0, body)),
                describe(() -> video ? FlvTags.video(0, head, rest) : FlvTags.audio(0, head, rest)));
    }

    private static String describe(Supplier<FlvTag> parse) {
        try {
            FlvTag t = parse.get();
            if (t instanceof FlvTag.Sample s) {
                return "sample " + s.sample().compositionOffset() + " " + s.sample().keyframe() + " " + HexFormat.of().formatHex(s.sample().data());
            }
            if (t instanceof FlvTag.Config c) return "config " + HexFormat.of().formatHex(c.config().config());
            if (t instanceof FlvTag.AnnexBVideo a) return "annexb " + HexFormat.of().formatHex(a.payload());
            return t.toString();
        } catch (FlvException e) {
            return "refused: " + e.getMessage();
        }
    }
}
