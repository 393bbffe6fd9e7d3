package io.livepipe.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys unwrapped once per version of their document, in memory only, and never past a delete or a rewrite. */
class ContentKeyStoreCacheTest {
    static final Instant GEN = ContentKeyStoreTest.GEN;
    @TempDir
    Path root;
    KeyWrap kek;
    JsonDocuments docs;
    ContentKeyStore keys;

    @BeforeEach
    void setUp() {
        kek = ContentKeyStoreTest.kek();
        docs = new JsonDocuments(new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC()));
        keys = store();
    }

    ContentKeyStore store() { return new ContentKeyStore(docs, kek, new SecureRandom(), Clock.systemUTC()); }

    @Test
    void anUnchangedDocumentIsUnwrappedOnce() {
        AssetKeys made = keys.keys("a", GEN);
        AssetKeys first = keys.existing("a", GEN).orElseThrow();
        assertSame(first, keys.existing("a", GEN).orElseThrow(), "the same unwrapped keys, no second unwrap");
        assertEquals(made, first);
        assertEquals(1, keys.unwrappedCount());
    }

    @Test
    void deletedKeysAreNeverAnsweredFromMemory() {
        keys.keys("a", GEN);
        keys.existing("a", GEN).orElseThrow();
        assertEquals(1, ContentKeyStore.forget(docs, "a", null));
        assertTrue(keys.existing("a", GEN).isEmpty());
        assertEquals(0, keys.unwrappedCount(), "forgotten from memory when found gone");
    }

    @Test
    void keysMadeAgainByAnotherInstanceReplaceTheRememberedOnes() {
        AssetKeys old = keys.keys("a", GEN);
        ContentKeyStore.forget(docs, "a", null);
        AssetKeys renewed = store().keys("a", GEN);
        assertNotEquals(old.contentKeys().get(0).keyId(), renewed.contentKeys().get(0).keyId());
        assertEquals(renewed, keys.existing("a", GEN).orElseThrow(), "a rewritten document has a new ETag: unwrapped again");
    }

    @Test
    void theMemoryIsBounded() {
        for (int i = 0; i <= ContentKeyStore.MAX_UNWRAPPED; i++) keys.keys("a" + i, GEN);
        for (int i = 0; i <= ContentKeyStore.MAX_UNWRAPPED; i++) keys.existing("a" + i, GEN).orElseThrow();
        assertTrue(keys.unwrappedCount() <= ContentKeyStore.MAX_UNWRAPPED);
    }
}
