package io.livepipe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.HttpMethod;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.protection.ProtectionFixture;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.PutOptions;
import io.livepipe.token.SigningKeys;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2: the Java worker may make a function instance per invocation; the service graph
 * (stores, caches, key stores, token verifiers) is built once per process and shared, so an
 * unchanged document is read once however many instances answer.
 */
class FunctionServicesTest {
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    @TempDir
    Path root;

    @Test
    void instancesMadePerInvocationReadAnUnchangedDocumentOnce() {
        ProtectionFixture f = new ProtectionFixture(root, Clock.systemUTC());
        f.asset("a1");
        f.locator(LOCATOR, "a1");
        CountingStore state = new CountingStore(f.platform.state());
        Platform p = new Platform(f.platform.settings(), f.platform.media(), state, f.platform.events(), "inprocess", Clock.systemUTC());
        ServiceGraph graph = new ServiceGraph(p);
        for (int i = 0; i < 50; i++) answer(new StreamingEndpoint(graph));
        assertEquals(1, state.reads("locators/" + LOCATOR + ".json"), "the locator document, read by 50 instances");
        assertEquals(1, state.reads("assets/a1.json"), "the asset document, read by 50 instances");
        // as it was: each instance wiring its own services (and caches) reads both documents every time
        for (int i = 0; i < 10; i++) answer(new StreamingEndpoint(new ServiceGraph(p)));
        assertEquals(11, state.reads("locators/" + LOCATOR + ".json"));
        assertEquals(11, state.reads("assets/a1.json"));
    }

    static void answer(StreamingEndpoint fn) {
        FakeHttp.Response r = (FakeHttp.Response) fn.run(FakeHttp.binary(HttpMethod.GET, null, Map.of(), Map.of()),
                LOCATOR + "/manifest.mpd", FakeHttp.context());
        String body = new String((byte[]) r.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        // the fixture's asset has no segments: an answer given only after both documents were read
        assertEquals(404, r.getStatusCode(), body);
        assertTrue(body.contains("no segments yet"), body);
    }

    @Test
    void everyFunctionClassTakesItsServicesFromTheGraphItIsGiven() throws Exception {
        ProtectionFixture f = new ProtectionFixture(root, Clock.systemUTC());
        assertEquals(List.of(), WorkerInstances.sharedFieldsOf(new ServiceGraph(f.platform)));
    }

    @Test
    void theWorkersNoArgumentConstructorsShareOneGraphPerProcess() throws Exception {
        byte[] kek = new byte[32];
        new java.security.SecureRandom().nextBytes(kek);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerInstances.class.getName())
                .redirectErrorStream(true).directory(root.toFile());
        Map<String, String> env = pb.environment();
        env.put("LIVEPIPE_STORAGE", "file");
        env.put("LIVEPIPE_DATA_DIR", root.resolve("data").toString());
        env.put("LIVEPIPE_EVENTS", "eventgrid");
        env.put("LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT", "https://topic.example.invalid/api/events");
        env.put("LIVEPIPE_EVENTGRID_TOPIC_KEY", "not-a-real-key");
        env.put("LIVEPIPE_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kek));
        env.put("LIVEPIPE_TOKEN_SIGNING_KEYS", SigningKeys.generateEs256("worker-1").toSecretJson());
        Process worker = pb.start();
        String out = new String(worker.getInputStream().readAllBytes());
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker JVM finished");
        assertEquals(0, worker.exitValue(), out);
        assertTrue(out.contains("notShared=0"), out);
        System.out.println(out.lines().filter(l -> l.startsWith("classes=")).findFirst().orElse(out));
    }

    /** The state store, counting whole-document reads by path. */
    static final class CountingStore implements BlobStore {
        private final BlobStore inner;
        private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();

        CountingStore(BlobStore inner) { this.inner = inner; }

        int reads(String path) { return gets.getOrDefault(path, new AtomicInteger()).get(); }

        @Override public String backend() { return inner.backend(); }
        @Override public BlobProperties put(String path, byte[] data, PutOptions options) { return inner.put(path, data, options); }
        @Override public Optional<Blob> get(String path) {
            gets.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            return inner.get(path);
        }
        @Override public Optional<Blob> getRange(String path, long offset, long length) { return inner.getRange(path, offset, length); }
        @Override public Optional<BlobProperties> properties(String path) { return inner.properties(path); }
        @Override public List<BlobProperties> list(String prefix) { return inner.list(prefix); }
        @Override public boolean delete(String path, Condition condition) { return inner.delete(path, condition); }
    }
}
