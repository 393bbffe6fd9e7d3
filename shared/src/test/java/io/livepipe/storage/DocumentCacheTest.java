package io.livepipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached documents are never stale: the parse is reused only while the ETag is the same. */
class DocumentCacheTest {
    record Doc(String text) { }

    @TempDir
    Path root;

    @Test
    void reusesTheParseWhileTheEtagHoldsAndNeverServesAStaleOrDeletedDocument() {
        JsonDocuments docs = new JsonDocuments(new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC()));
        DocumentCache<Doc> cache = new DocumentCache<>(docs, Doc.class, 2);
        docs.create("d/1.json", new Doc("one"));
        Doc first = cache.read("d/1.json").orElseThrow();
        assertSame(first, cache.read("d/1.json").orElseThrow(), "unchanged: the same parsed value");
        docs.update("d/1.json", Doc.class, cur -> new Doc("two"));
        assertEquals("two", cache.read("d/1.json").orElseThrow().text(), "changed: read again");
        docs.store().delete("d/1.json", Condition.none());
        assertTrue(cache.read("d/1.json").isEmpty(), "deleted: gone at once");
        for (String n : new String[] {"a", "b", "c", "d"}) docs.put("d/" + n + ".json", new Doc(n));
        for (String n : new String[] {"a", "b", "c", "d"}) assertEquals(n, cache.read("d/" + n + ".json").orElseThrow().text());
        assertEquals("d", cache.read("d/d.json").orElseThrow().text(), "bounded: still right past its size");
    }
}
