package io.livepipe.streaming.lowlatency;

import io.livepipe.http.Refusal;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;

/**
 * Arbitrary {@code _HLS_msn}, {@code _HLS_part} and {@code _HLS_skip} values: a parsed directive
 * (non-negative when present, part only with msn) or {@link Refusal} (a 400)
 * — never another exception; and any edge gives a verdict.
 */
class BlockingReloadFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void directivesGive400OrAVerdict(FuzzedDataProvider data) {
        Map<String, String> query = new HashMap<>();
        if (data.consumeBoolean()) query.put("_HLS_msn", data.consumeString(40));
        if (data.consumeBoolean()) query.put("_HLS_part", data.consumeString(20));
        if (data.consumeBoolean()) query.put("_HLS_skip", data.consumeString(8));
        BlockingReload b;
        try {
            b = BlockingReload.parse(query);
        } catch (Refusal e) {
            return;
        }
        assertTrue(b.msn() >= -1 && b.part() >= -1);
        assertTrue(b.part() < 0 || b.msn() >= 0, "a part only with a media sequence number");
        long lastMsn = data.consumeLong(0, 1L << 40);
        int lastPart = data.consumeInt(-1, 100);
        long complete = data.consumeLong(-1, lastMsn);
        int perSegment = data.consumeInt(0, 100);
        double partTarget = data.consumeDouble();
        if (!(partTarget >= 0.2 && partTarget <= 20)) partTarget = 0.5;
        assertNotNull(b.verdict(lastMsn, lastPart, complete, perSegment, partTarget));
    }
}
