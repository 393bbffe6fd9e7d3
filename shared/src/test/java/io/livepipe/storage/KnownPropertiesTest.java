package io.livepipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's remembered blob properties are never stale: a settled blob replaced by one
 * of the same size shows the new ETag, as does a blob rewritten within the same instant it was
 * read, and a deleted blob is gone; a settled, unchanged blob is answered from memory.
 */
class KnownPropertiesTest {
    @TempDir
    Path root;

    FileBlobStore store() { return new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC()); }

    Path fileOf(String path) { return root.resolve("blobs").resolve(path); }

    void settle(String path) throws IOException {
        Files.setLastModifiedTime(fileOf(path), FileTime.from(Instant.now().minusSeconds(3600)));
    }

    @Test
    void aSettledBlobReplacedByOneOfTheSameSizeShowsTheNewEtag() throws IOException {
        FileBlobStore s = store();
        s.put("docs/a.json", "{\"v\":1}".getBytes(), PutOptions.of("application/json"));
        settle("docs/a.json");
        String first = s.properties("docs/a.json").orElseThrow().etag();
        assertEquals(first, s.properties("docs/a.json").orElseThrow().etag());
        BlobProperties second = s.put("docs/a.json", "{\"v\":2}".getBytes(), PutOptions.of("application/json"));
        settle("docs/a.json"); // even with the old time again: another file
        assertEquals(second.etag(), s.properties("docs/a.json").orElseThrow().etag());
        assertNotEquals(first, second.etag());
        assertEquals(second.etag(), s.list("docs/").get(0).etag());
    }

    @Test
    void aBlobRewrittenAtOnceIsNeverAnsweredFromMemory() {
        FileBlobStore s = store();
        for (int i = 0; i < 20; i++) {
            BlobProperties put = s.put("docs/b.json", ("{\"v\":" + i % 10 + "}").getBytes(), PutOptions.of("application/json"));
            assertEquals(put.etag(), s.properties("docs/b.json").orElseThrow().etag());
            assertEquals(put.etag(), s.list("docs/").get(0).etag());
        }
    }

    @Test
    void aDeletedBlobIsGone() throws IOException {
        FileBlobStore s = store();
        s.put("docs/c.json", "{}".getBytes(), PutOptions.of("application/json"));
        settle("docs/c.json");
        s.properties("docs/c.json").orElseThrow();
        s.delete("docs/c.json", Condition.none());
        assertTrue(s.properties("docs/c.json").isEmpty());
        assertTrue(s.list("docs/").isEmpty());
    }

    @Test
    void remembersOnlyASettledFileAndOnlyThatFile() throws IOException {
        FileBlobStore s = store();
        s.put("docs/d.json", "{}".getBytes(), PutOptions.of("application/json"));
        KnownProperties known = new KnownProperties();
        BasicFileAttributes fresh = Files.readAttributes(fileOf("docs/d.json"), BasicFileAttributes.class);
        BlobProperties p = s.properties("docs/d.json").orElseThrow();
        known.remember("docs/d.json", fresh, p);
        assertTrue(known.find("docs/d.json", fresh).isEmpty(), "written just now: not settled");
        settle("docs/d.json");
        BasicFileAttributes settled = Files.readAttributes(fileOf("docs/d.json"), BasicFileAttributes.class);
        known.remember("docs/d.json", settled, p);
        assertEquals(p, known.find("docs/d.json", settled).orElseThrow());
        Files.setLastModifiedTime(fileOf("docs/d.json"), FileTime.from(Instant.now().minusSeconds(1800)));
        assertTrue(known.find("docs/d.json", Files.readAttributes(fileOf("docs/d.json"), BasicFileAttributes.class)).isEmpty(),
                "another time is another file");
    }

    /** A segment sent with sendfile: a settled file's slice comes from memory, and a replaced or deleted one never does. */
    @Test
    void aLocalFileSliceOfASettledBlobIsTheBlobsAndFollowsReplacementAndDeletion() throws IOException {
        FileBlobStore s = store();
        s.put("seg/a.m4s", new byte[] {1, 2, 3, 4}, PutOptions.of("video/mp4"));
        settle("seg/a.m4s");
        for (int round = 0; round < 2; round++) { // read, then remembered
            try (LocalFile f = s.localFile("seg/a.m4s").orElseThrow()) {
                assertEquals(4, f.length());
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
                f.channel().read(b, f.offset());
                assertEquals(java.util.List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4),
                        java.util.List.of(b.get(0), b.get(1), b.get(2), b.get(3)));
                assertEquals(s.properties("seg/a.m4s").orElseThrow().etag(), f.properties().etag());
            }
        }
        BlobProperties again = s.put("seg/a.m4s", new byte[] {9, 9, 9, 9}, PutOptions.of("video/mp4"));
        settle("seg/a.m4s");
        try (LocalFile f = s.localFile("seg/a.m4s").orElseThrow()) {
            assertEquals(again.etag(), f.properties().etag());
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            f.channel().read(b, f.offset());
            assertEquals(9, b.get(0));
        }
        s.delete("seg/a.m4s", Condition.none());
        assertTrue(s.localFile("seg/a.m4s").isEmpty());
    }
}
