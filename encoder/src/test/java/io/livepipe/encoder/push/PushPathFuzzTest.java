package io.livepipe.encoder.push;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any request path through the push URL parser: a PushPath with a name and a track key, or IllegalArgumentException. */
class PushPathFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void onlyRefusesByName(byte[] data) {
        String path = "/ingest/" + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            PushPath p = PushPath.parse(path);
            if (p.name().isEmpty() || p.trackKey().isEmpty()) throw new AssertionError("a name and a track key: " + p);
        } catch (IllegalArgumentException expected) {
            // refused with a reason
        }
    }
}
