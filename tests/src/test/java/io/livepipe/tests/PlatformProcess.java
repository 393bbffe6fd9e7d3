package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local platform as a process of its own (LocalMain on this test's classpath) on the given
 * data folder and ports, for tests that kill it or measure it from outside; and its management
 * API with the test function key. {@code jvmOptions} go before the main class.
 */
final class PlatformProcess {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private PlatformProcess() { }

    static Process start(Path data, int httpPort, int rtmpPort, List<String> jvmOptions) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.livepipe.local.LocalMain",
                "--settings", data.resolve("none.json").toString(),
                "--web", LocalPlatformHarness.repoRoot().resolve("web").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put(Setting.LIVEPIPE_DATA_DIR.name(), data.toString());
        env.put(Setting.LIVEPIPE_HTTP_PORT.name(), Integer.toString(httpPort));
        env.put(Setting.LIVEPIPE_RTMP_PORT.name(), Integer.toString(rtmpPort));
        env.put(Setting.LIVEPIPE_RTMPS_PORT.name(), "0");
        env.put(Setting.LIVEPIPE_SRT_PORT.name(), "off");
        env.put(Setting.LIVEPIPE_FUNCTION_KEY.name(), LocalPlatformHarness.KEY);
        Process p = pb.redirectErrorStream(true).redirectOutput(data.resolve("platform-" + System.nanoTime() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("platform did not start");
    }

    static Process start(Path data, int httpPort, int rtmpPort) throws Exception { return start(data, httpPort, rtmpPort, List.of()); }

    /** A management call; fails the test on any status from 300 up. */
    static JsonNode api(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + path))
                .header("x-functions-key", LocalPlatformHarness.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, method + " " + path + ": " + r.statusCode() + " " + r.body());
        return LocalPlatformHarness.JSON.readTree(r.body());
    }
}
