package io.livepipe.arm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary methods, paths below the account, query values and bodies as ARM calls: an answer
 * of 2xx or 4xx with ARM's error shape, never an exception or a 5xx.
 */
class ArmApiFuzzTest {
    static final List<String> METHODS = List.of("GET", "PUT", "PATCH", "DELETE", "POST");
    static final List<String> RESOURCES = List.of("/liveEvents/", "/liveEvents/e1/liveOutputs/", "/assets/", "/streamingLocators/",
            "/contentKeyPolicies/", "/streamingPolicies/", "/streamingEndpoints/", "/operationStatuses/", "/");
    static ArmFixture fixture;

    @FuzzTest(maxDuration = "10s")
    void everyCallGetsAnAnswer(FuzzedDataProvider data) throws Exception {
        if (fixture == null) fixture = new ArmFixture(Files.createTempDirectory("arm-fuzz"));
        String method = METHODS.get(data.consumeInt(0, METHODS.size() - 1));
        String path = ArmFixture.ACCOUNT + RESOURCES.get(data.consumeInt(0, RESOURCES.size() - 1)) + data.consumeString(80);
        String version = data.consumeBoolean() ? "2022-11-01" : data.consumeString(12);
        ArmResponse r = fixture.call(method, path, Map.of("api-version", version, "autoStart", data.consumeString(6)),
                "Bearer " + ArmFixture.TOKEN, data.consumeRemainingAsString());
        assertTrue(r.status() >= 200 && r.status() < 500, r.status() + " " + r.body());
        if (r.status() >= 400) assertTrue(r.body().startsWith("{\"error\":{\"code\":"), r.body());
    }
}
