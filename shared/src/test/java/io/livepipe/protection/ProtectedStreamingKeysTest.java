package io.livepipe.protection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.livepipe.archive.Asset;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.TrackType;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.StreamingKeys;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming endpoint's keys: one store read per asset generation, not one per protected segment; forgotten with the asset. */
class ProtectedStreamingKeysTest {
    static final Instant GEN = ContentKeyStoreTest.GEN;
    /** Calls that reach the state store (properties, reads, lists, writes). */
    final AtomicInteger storeCalls = new AtomicInteger();
    ProtectedStreamingKeys keys;
    @TempDir
    Path root;

    @BeforeEach
    void setUp() {
        BlobStore files = new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC());
        BlobStore counted = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (p, m, args) -> {
            storeCalls.incrementAndGet();
            try {
                return m.invoke(files, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
        JsonDocuments docs = new JsonDocuments(counted);
        ContentKeyStore store = new ContentKeyStore(docs, ContentKeyStoreTest.kek(), new SecureRandom(), Clock.systemUTC());
        keys = new ProtectedStreamingKeys(docs, () -> store, () -> null, new KeyGrants(Clock.systemUTC()));
    }

    static Asset asset(String name, Instant created) {
        return new Asset(name, "ch", null, Duration.ofHours(1), Asset.LIVE, created, null, Map.of());
    }

    @Test
    void aGenerationsKeysAreReadOnceThenAnsweredWithoutTheStore() {
        StreamingKeys.Key first = keys.key(asset("a", GEN), TrackType.VIDEO);
        int calls = storeCalls.get();
        for (int i = 0; i < 100; i++) {
            StreamingKeys.Key again = keys.key(asset("a", GEN), i % 2 == 0 ? TrackType.VIDEO : TrackType.AUDIO);
            assertEquals(first.id(), again.id(), "one key for every track");
            assertArrayEquals(first.value(), again.value());
        }
        assertEquals(calls, storeCalls.get(), "no store call per segment");
        assertEquals(1, keys.knownCount());
        // Another generation of the same name is another entry, with keys of its own.
        assertNotEquals(first.id(), keys.key(asset("a", GEN.plusSeconds(1)), TrackType.VIDEO).id());
        assertEquals(2, keys.knownCount());
    }

    @Test
    void forgettingTheAssetOrUnpublishingDropsTheKeysFromMemory() {
        StreamingKeys.Key first = keys.key(asset("a", GEN), TrackType.VIDEO);
        keys.key(asset("b", GEN), TrackType.VIDEO);
        keys.forget("a", null);
        assertEquals(1, keys.knownCount(), "only a's keys went");
        // Asked again (an asset re-recorded under the name would have a new generation anyway), a's keys are made anew.
        assertNotEquals(first.id(), keys.key(asset("a", GEN), TrackType.VIDEO).id());
        keys.unpublished("some-locator");
        assertEquals(0, keys.knownCount());
    }
}
