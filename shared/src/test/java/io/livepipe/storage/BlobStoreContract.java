package io.livepipe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} adapter must do; one subclass per adapter supplies the store.
 * Each test works under its own random prefix, so a store may be shared between tests.
 */
public abstract class BlobStoreContract {
    protected abstract BlobStore store();

    private final String p = "t-" + UUID.randomUUID() + "/";

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void putThenGetReturnsBytesContentTypeAndMetadata() {
        BlobProperties w = store().put(p + "a/seg.m4s", bytes("hello"),
                new PutOptions("video/mp4", Map.of("rendition", "video_1", "sequence", "7"), Condition.none()));
        Blob b = store().get(p + "a/seg.m4s").orElseThrow();
        assertArrayEquals(bytes("hello"), b.data());
        assertEquals("video/mp4", b.properties().contentType());
        assertEquals(Map.of("rendition", "video_1", "sequence", "7"), b.properties().metadata());
        assertEquals(w.etag(), b.properties().etag());
        assertEquals(5, b.properties().size());
        assertEquals(w.etag(), store().properties(p + "a/seg.m4s").orElseThrow().etag());
    }

    @Test
    void missingBlobsAreEmptyNotErrors() {
        assertTrue(store().get(p + "none").isEmpty());
        assertTrue(store().properties(p + "none").isEmpty());
        assertTrue(store().getRange(p + "none", 0, 10).isEmpty());
        assertFalse(store().delete(p + "none", Condition.none()));
    }

    @Test
    void ifNoneMatchStarCreatesOnlyOnce() {
        store().put(p + "doc", bytes("1"), PutOptions.of("application/json").with(Condition.ifAbsent()));
        assertThrows(PreconditionFailedException.class,
                () -> store().put(p + "doc", bytes("2"), PutOptions.of("application/json").with(Condition.ifAbsent())));
        assertArrayEquals(bytes("1"), store().get(p + "doc").orElseThrow().data());
    }

    @Test
    void ifMatchWritesOnlyOverTheVersionRead() {
        BlobProperties v1 = store().put(p + "doc", bytes("1"), PutOptions.of("text/plain"));
        BlobProperties v2 = store().put(p + "doc", bytes("2"), PutOptions.of("text/plain").with(Condition.ifMatch(v1.etag())));
        assertNotEquals(v1.etag(), v2.etag());
        assertThrows(PreconditionFailedException.class,
                () -> store().put(p + "doc", bytes("3"), PutOptions.of("text/plain").with(Condition.ifMatch(v1.etag()))));
        assertArrayEquals(bytes("2"), store().get(p + "doc").orElseThrow().data());
        assertThrows(PreconditionFailedException.class,
                () -> store().put(p + "new", bytes("x"), PutOptions.of("text/plain").with(Condition.ifMatch(v1.etag()))));
    }

    @Test
    void deleteHonoursItsCondition() {
        BlobProperties v1 = store().put(p + "d", bytes("1"), PutOptions.of("text/plain"));
        BlobProperties v2 = store().put(p + "d", bytes("2"), PutOptions.of("text/plain"));
        assertThrows(PreconditionFailedException.class, () -> store().delete(p + "d", Condition.ifMatch(v1.etag())));
        assertTrue(store().delete(p + "d", Condition.ifMatch(v2.etag())));
        assertTrue(store().get(p + "d").isEmpty());
    }

    @Test
    void listByPrefixIsOrderedAndStaysInsideThePrefix() {
        for (String name : List.of("b/2", "a/1", "a/3", "a/2", "ab", "c")) {
            store().put(p + name, bytes(name), PutOptions.of("text/plain"));
        }
        List<String> a = store().list(p + "a/").stream().map(BlobProperties::path).toList();
        assertEquals(List.of(p + "a/1", p + "a/2", p + "a/3"), a);
        List<String> all = store().list(p).stream().map(BlobProperties::path).toList();
        assertEquals(List.of(p + "a/1", p + "a/2", p + "a/3", p + "ab", p + "b/2", p + "c"), all);
        List<String> ab = store().list(p + "a").stream().map(BlobProperties::path).toList();
        assertEquals(List.of(p + "a/1", p + "a/2", p + "a/3", p + "ab"), ab);
        assertEquals(3, store().list(p + "a/1").get(0).size(), "size of the blob holding \"a/1\"");
        assertTrue(store().list(p + "zz/").isEmpty());
    }

    @Test
    void rangedReadsReturnTheRangeAndRefuseAStartPastTheEnd() {
        store().put(p + "r", bytes("0123456789"), PutOptions.of("application/octet-stream"));
        Blob mid = store().getRange(p + "r", 3, 4).orElseThrow();
        assertArrayEquals(bytes("3456"), mid.data());
        assertEquals(3, mid.offset());
        assertEquals(10, mid.properties().size());
        assertArrayEquals(bytes("89"), store().getRange(p + "r", 8, 100).orElseThrow().data());
        assertThrows(RangeNotSatisfiableException.class, () -> store().getRange(p + "r", 10, 1));
    }

    @Test
    void aLocalFileSliceHoldsExactlyTheBlobsBytesWhereTheBackendHasOne() throws Exception {
        store().put(p + "f", bytes("segment bytes"), PutOptions.of("video/mp4"));
        assertTrue(store().localFile(p + "missing").isEmpty());
        java.util.Optional<LocalFile> f = store().localFile(p + "f");
        if (f.isEmpty()) return; // a remote backend: callers read the bytes instead
        try (LocalFile file = f.get()) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) file.length());
            file.channel().read(b, file.offset());
            assertArrayEquals(bytes("segment bytes"), b.array());
            assertEquals(store().properties(p + "f").orElseThrow().etag(), file.properties().etag());
        }
    }

    @Test
    void pathsThatCouldEscapeAreRefused() {
        for (String bad : new String[] {"../x", "a/../../x", "a//b", "/abs", "a\\b", "a/./b", "nul\0l", ""}) {
            assertThrows(IllegalArgumentException.class, () -> store().put(bad, bytes("x"), PutOptions.of("text/plain")), bad);
        }
    }

    /** A document both writers change at once: each adds its own entries; none is lost. */
    public record Tally(List<String> entries) { }

    @Test
    void twoWritersRacingOnOneDocumentLoseNoUpdate() throws Exception {
        JsonDocuments docs = new JsonDocuments(store());
        String path = p + "race.json";
        int perWriter = 100;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (String who : List.of("x", "y")) {
                writers.add(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String entry = who + i;
                        docs.update(path, Tally.class, cur -> {
                            List<String> e = new ArrayList<>(cur.map(Tally::entries).orElse(List.of()));
                            e.add(entry);
                            return new Tally(e);
                        });
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(writers)) f.get();
        } finally {
            pool.shutdownNow();
        }
        Optional<Versioned<Tally>> end = docs.read(path, Tally.class);
        List<String> entries = end.orElseThrow().value().entries();
        assertEquals(2 * perWriter, entries.size());
        for (int i = 0; i < perWriter; i++) {
            assertTrue(entries.contains("x" + i) && entries.contains("y" + i), "entry " + i);
        }
    }

    // ---- leases: Blob storage's semantics, in every backend ----

    static final java.time.Duration LEASE = java.time.Duration.ofSeconds(15);

    @Test
    void aLeaseIsTakenOnceAndWritesMustNameIt() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        assertEquals(a, store().acquireLease(p + "lease", LEASE, a));
        assertTrue(store().get(p + "lease").isPresent(), "acquiring creates the blob");
        assertThrows(LeaseHeldException.class, () -> store().acquireLease(p + "lease", LEASE, b));
        assertEquals(a, store().acquireLease(p + "lease", LEASE, a), "the holder may take it again");
        store().put(p + "lease", bytes("mine"), PutOptions.of("application/json").with(Condition.leased(a)));
        assertThrows(LeaseLostException.class,
                () -> store().put(p + "lease", bytes("theirs"), PutOptions.of("application/json").with(Condition.leased(b))));
        assertThrows(LeaseLostException.class,
                () -> store().put(p + "lease", bytes("nobody's"), PutOptions.of("application/json")));
        assertArrayEquals(bytes("mine"), store().get(p + "lease").orElseThrow().data());
        store().renewLease(p + "lease", a);
        assertThrows(LeaseLostException.class, () -> store().renewLease(p + "lease", b));
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceAndTheOldIdIsRefused() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        store().acquireLease(p + "r", LEASE, a);
        store().releaseLease(p + "r", a);
        assertThrows(LeaseLostException.class, () -> store().renewLease(p + "r", a));
        assertEquals(b, store().acquireLease(p + "r", LEASE, b));
        assertThrows(LeaseLostException.class,
                () -> store().put(p + "r", bytes("x"), PutOptions.of("text/plain").with(Condition.leased(a))));
        assertThrows(LeaseLostException.class, () -> store().releaseLease(p + "r", a));
    }

    @Test
    void aBrokenLeaseStopsItsHolderAndFreesTheBlob() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        store().acquireLease(p + "b", LEASE, a);
        assertTrue(store().breakLease(p + "b"));
        assertThrows(LeaseLostException.class, () -> store().renewLease(p + "b", a));
        assertThrows(LeaseLostException.class,
                () -> store().put(p + "b", bytes("x"), PutOptions.of("text/plain").with(Condition.leased(a))));
        store().put(p + "b", bytes("free"), PutOptions.of("text/plain"));
        assertEquals(b, store().acquireLease(p + "b", LEASE, b));
        assertFalse(store().breakLease(p + "unleased-" + UUID.randomUUID()));
    }

    @Test
    void leaseDurationsOutsideBlobStoragesRangeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> store().acquireLease(p + "d", java.time.Duration.ofSeconds(10), UUID.randomUUID().toString()));
        assertThrows(IllegalArgumentException.class,
                () -> store().acquireLease(p + "d", java.time.Duration.ofSeconds(61), UUID.randomUUID().toString()));
    }
}
