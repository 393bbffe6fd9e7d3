package io.livepipe.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.util.List;

/**
 * Arbitrary request targets and Host values: a target whose path and query java.net.URI accepts
 * as they are, or a {@link MalformedRequestException} — never another exception.
 */
class RequestTargetFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void targetsAreCleanOrMalformed(FuzzedDataProvider data) {
        String host = data.consumeString(300);
        String target = data.consumeRemainingAsString();
        try {
            RequestTarget t = RequestTarget.parse(target);
            assertTrue(t.rawPath().startsWith("/"));
            assertTrue(t.query().size() <= RequestTarget.MAX_QUERY_PARAMETERS);
            URI.create("http://localhost" + t.rawPath() + (t.rawQuery().isEmpty() ? "" : "?" + t.rawQuery()));
        } catch (MalformedRequestException expected) {
            // answered 400
        }
        try {
            HostField.check(true, List.of(host));
        } catch (MalformedRequestException expected) {
            // answered 400
        }
    }
}
