package io.livepipe.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.local.LocalPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts the local platform in this JVM on free loopback ports with a fresh data folder. */
final class LocalPlatformHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "test-function-key-0123456789abcdef";

    final Path dataDir;
    final LocalPlatform platform;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    LocalPlatformHarness(Map<Setting, String> overrides) {
        try {
            dataDir = Files.createTempDirectory("livepipe-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path root = repoRoot();
        LocalPlatform started = null;
        for (int attempt = 1; started == null; attempt++) {
            Map<String, String> values = new HashMap<>();
            values.put(Setting.LIVEPIPE_DATA_DIR.name(), dataDir.toString());
            values.put(Setting.LIVEPIPE_HTTP_PORT.name(), Integer.toString(freePort()));
            values.put(Setting.LIVEPIPE_RTMP_PORT.name(), Integer.toString(freePort()));
            values.put(Setting.LIVEPIPE_RTMPS_PORT.name(), Integer.toString(freePort()));
            values.put(Setting.LIVEPIPE_SRT_PORT.name(), Integer.toString(freeUdpPort()));
            values.put(Setting.LIVEPIPE_FUNCTION_KEY.name(), KEY);
            values.put(Setting.LIVEPIPE_PUBLIC_HOST.name(), "127.0.0.1");
            overrides.forEach((k, v) -> values.put(k.name(), v));
            LocalPlatform p = new LocalPlatform(Settings.from(values), root.resolve("web"), root.resolve("node_modules"));
            try {
                p.start();
                started = p;
            } catch (Exception e) {
                // a port found free was taken by another process before the platform bound it: pick others
                p.close();
                if (attempt >= 3 || !(e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        platform = started;
        base = "http://127.0.0.1:" + platform.httpPort();
    }

    LocalPlatformHarness() { this(Map.of()); }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("livepipe"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("run the tests inside the livepipe checkout");
        return p;
    }

    static int freeUdpPort() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a GET as bytes (segments); fails the test on any status but 200. */
    byte[] bytes(String path) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new AssertionError("GET " + path + " gave " + r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Plays {@code src} on the platform's player page in headless Chromium (tests/src/test/js/play.mjs)
     * until currentTime passes {@code target} seconds or {@code timeout} runs out; the page's
     * playerState. A token (or null) goes to key and license requests only.
     */
    JsonNode play(String src, int target, int timeout, String token) throws Exception {
        Path script = repoRoot().resolve("tests/src/test/js/play.mjs");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("node", script.toString(), base + "/player.html", src,
                Integer.toString(target), Integer.toString(timeout)));
        if (token != null) cmd.add(token);
        Process p = new ProcessBuilder(cmd).directory(repoRoot().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(timeout + 30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("the browser did not finish");
        if (p.exitValue() != 0) throw new AssertionError(out);
        return JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }

    /** A management call with the function key. */
    HttpResponse<String> api(String method, String path, String body) {
        return send(method, "/api/" + path, body, Map.of("x-functions-key", KEY, "Content-Type", "application/json"));
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}
