package io.livepipe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.eventgrid.systemevents.StorageBlobCreatedEventData;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;
    final List<EventGridEvent> events = new CopyOnWriteArrayList<>();
    FileBlobStore store;

    @Override
    protected BlobStore store() {
        if (store == null) store = new FileBlobStore(root, "media", events::addAll, Clock.systemUTC());
        return store;
    }

    @Test
    void everyPutEmitsOneBlobCreatedThatTheEventGridSdkParses() {
        BlobProperties w = store().put("ch/run/video/00001.m4s", new byte[1234], PutOptions.of("video/mp4"));
        assertEquals(1, events.size());
        EventGridEvent e = events.get(0);
        assertEquals("Microsoft.Storage.BlobCreated", e.eventType());
        assertEquals("/blobServices/default/containers/media/blobs/ch/run/video/00001.m4s", e.subject());
        com.azure.messaging.eventgrid.EventGridEvent sdk = com.azure.messaging.eventgrid.EventGridEvent
                .fromString(EventJson.toJson(e)).get(0);
        StorageBlobCreatedEventData d = sdk.getData().toObject(StorageBlobCreatedEventData.class);
        assertEquals("PutBlob", d.getApi());
        assertEquals(w.etag(), d.getETag());
        assertEquals("video/mp4", d.getContentType());
        assertEquals(1234L, d.getContentLength());
        assertEquals("BlockBlob", d.getBlobType());
        assertTrue(d.getUrl().endsWith("/media/ch/run/video/00001.m4s"));
        assertEquals(32, d.getSequencer().length());
        assertTrue(d.getClientRequestId() != null && d.getRequestId() != null);
        BlobCreatedEvents.BlobRef ref = BlobCreatedEvents.parse(e).orElseThrow();
        assertEquals("media", ref.container());
        assertEquals("ch/run/video/00001.m4s", ref.path());
        assertEquals(1234, ref.contentLength());
    }

    @Test
    void sequencersGrowWithEachWrite() {
        store().put("a", new byte[1], PutOptions.of("text/plain"));
        store().put("b", new byte[1], PutOptions.of("text/plain"));
        assertTrue(events.get(0).data().get("sequencer").asText().compareTo(events.get(1).data().get("sequencer").asText()) < 0);
    }

    @Test
    void aFailedConditionalPutEmitsNothing() {
        store().put("doc", new byte[1], PutOptions.of("text/plain").with(Condition.ifAbsent()));
        assertThrows(PreconditionFailedException.class,
                () -> store().put("doc", new byte[1], PutOptions.of("text/plain").with(Condition.ifAbsent())));
        assertEquals(1, events.size());
    }

    @Test
    void blobsStayInsideTheRootAndTemporaryFilesAreNeverListed() throws Exception {
        store().put("x/y", new byte[3], PutOptions.of("text/plain"));
        assertTrue(Files.exists(root.resolve("blobs/x/y")));
        try (var s = Files.list(root.resolve(".tmp"))) {
            assertEquals(0, s.count(), "no temporary file left behind");
        }
        assertEquals(List.of("x/y"), store().list("").stream().map(BlobProperties::path).toList());
    }

    @org.junit.jupiter.api.Test
    void theFileStoreServesBlobsAsLocalFileSlices() {
        store().put("zero-copy/seg.m4s", new byte[4096], PutOptions.of("video/mp4"));
        try (LocalFile f = store().localFile("zero-copy/seg.m4s").orElseThrow()) {
            org.junit.jupiter.api.Assertions.assertEquals(4096, f.length());
        }
    }

    /** Two processes on one folder (two stores, each with its own locks): a create has one winner, and it is what is stored. */
    @Test
    void createsRacingFromTwoStoresOnOneFolderHaveOneWinner() throws Exception {
        BlobStore a = new FileBlobStore(root, "media", events::addAll, Clock.systemUTC());
        BlobStore b = new FileBlobStore(root, "media", events::addAll, Clock.systemUTC());
        for (int i = 0; i < 200; i++) {
            String path = "race/" + i + ".m4s";
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger wins = new java.util.concurrent.atomic.AtomicInteger();
            byte[][] winner = new byte[1][];
            List<Thread> threads = new java.util.ArrayList<>();
            for (BlobStore s : List.of(a, b)) {
                byte[] mine = (s == a ? "a" : "b").repeat(64).getBytes();
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        s.put(path, mine, PutOptions.of("video/mp4").with(Condition.ifAbsent()));
                        wins.incrementAndGet();
                        winner[0] = mine;
                    } catch (PreconditionFailedException lost) {
                        // the other one created it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread t : threads) t.join();
            assertEquals(1, wins.get(), path);
            org.junit.jupiter.api.Assertions.assertArrayEquals(winner[0], a.get(path).orElseThrow().data(), path);
        }
    }

    /** Two stores on one folder stand for two processes: a lease one holds the other cannot take until it runs out unrenewed. */
    @Test
    void aLeaseHoldsAcrossStoresOnOneFolderAndExpiresUnlessRenewed() {
        io.livepipe.testing.SettableClock clock = new io.livepipe.testing.SettableClock();
        BlobStore a = new FileBlobStore(root, "state", io.livepipe.events.EventPublisher.none(), clock);
        BlobStore b = new FileBlobStore(root, "state", io.livepipe.events.EventPublisher.none(), clock);
        String ida = java.util.UUID.randomUUID().toString();
        String idb = java.util.UUID.randomUUID().toString();
        a.acquireLease("leases/channels/x", java.time.Duration.ofSeconds(15), ida);
        assertThrows(LeaseHeldException.class, () -> b.acquireLease("leases/channels/x", java.time.Duration.ofSeconds(15), idb));
        clock.advance(java.time.Duration.ofSeconds(14));
        a.renewLease("leases/channels/x", ida);
        clock.advance(java.time.Duration.ofSeconds(14));
        assertThrows(LeaseHeldException.class, () -> b.acquireLease("leases/channels/x", java.time.Duration.ofSeconds(15), idb),
                "renewed 14 s ago: still held");
        clock.advance(java.time.Duration.ofSeconds(2));
        assertEquals(idb, b.acquireLease("leases/channels/x", java.time.Duration.ofSeconds(15), idb), "expired: taken over");
        assertThrows(LeaseLostException.class, () -> a.renewLease("leases/channels/x", ida));
        assertThrows(LeaseLostException.class, () -> a.put("leases/channels/x", new byte[1],
                PutOptions.of("application/json").with(Condition.leased(ida))));
    }

    /** Racing acquires from two stores on one folder: exactly one holder each round. */
    @Test
    void racingAcquiresFromTwoStoresHaveOneWinner() throws Exception {
        BlobStore a = new FileBlobStore(root, "state", io.livepipe.events.EventPublisher.none(), Clock.systemUTC());
        BlobStore b = new FileBlobStore(root, "state", io.livepipe.events.EventPublisher.none(), Clock.systemUTC());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 100; i++) {
                String path = "leases/race/" + i;
                java.util.concurrent.Callable<Boolean> ta = () -> tryAcquire(a, path);
                java.util.concurrent.Callable<Boolean> tb = () -> tryAcquire(b, path);
                var fa = pool.submit(ta);
                var fb = pool.submit(tb);
                assertEquals(1, (fa.get() ? 1 : 0) + (fb.get() ? 1 : 0), "one holder of " + path);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean tryAcquire(BlobStore s, String path) {
        try {
            s.acquireLease(path, java.time.Duration.ofSeconds(15), java.util.UUID.randomUUID().toString());
            return true;
        } catch (LeaseHeldException held) {
            return false;
        }
    }
}
