package io.livepipe.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentlyPublishedTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<String, String> store = new HashMap<>(Map.of("a", "v1"));

    private RecentlyPublished window(Duration d) {
        return new RecentlyPublished(id -> {
            reads.incrementAndGet();
            return Optional.ofNullable(store.get(id)).map(v -> new LocatorService.Published(null, null, v));
        }, d, now::get);
    }

    private static String version(Optional<LocatorService.Published> p) { return p.map(LocatorService.Published::version).orElse("none"); }

    @Test
    void answersFromWhatItReadWithinTheWindowThenReadsAgain() {
        RecentlyPublished r = window(Duration.ofMillis(500));
        assertEquals("v1", version(r.published("a")));
        store.put("a", "v2");
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertEquals("v1", version(r.published("a")), "within the window: what was read");
        assertEquals(1, reads.get());
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals("v2", version(r.published("a")), "the window over: read again");
        assertEquals(2, reads.get());
    }

    @Test
    void aLocatorNotFoundIsNotRememberedAndDeletionsForgetAtOnce() {
        RecentlyPublished r = window(Duration.ofSeconds(2));
        assertEquals("none", version(r.published("b")));
        store.put("b", "new");
        assertEquals("new", version(r.published("b")), "a locator made just after a miss plays at once");
        r.published("a");
        store.remove("a");
        r.forget("a");
        assertEquals("none", version(r.published("a")));
        store.put("a", "again");
        r.published("a");
        store.remove("a");
        store.remove("b");
        r.forgetAll();
        assertEquals("none", version(r.published("a")));
        assertEquals("none", version(r.published("b")));
    }

    @Test
    void anAssetListingNoSegmentYetIsReadAgainUntilItListsOne() {
        io.livepipe.archive.Asset empty = new io.livepipe.archive.Asset("a", "ch", "p", Duration.ofMinutes(10),
                io.livepipe.archive.Asset.LIVE, java.time.Instant.EPOCH, null, Map.of());
        RecentlyPublished r = new RecentlyPublished(id -> {
            reads.incrementAndGet();
            return Optional.of(new LocatorService.Published(null, empty, "v" + reads.get()));
        }, Duration.ofSeconds(2), now::get);
        assertEquals("v1", version(r.published("a")));
        assertEquals("v2", version(r.published("a")), "within the window, but nothing listed: read again");
        assertEquals(2, reads.get());
    }

    @Test
    void aReadThatBeganFirstButEndedLastDoesNotReplaceTheLaterOne() {
        RecentlyPublished[] r = new RecentlyPublished[1];
        r[0] = new RecentlyPublished(id -> {
            int n = reads.incrementAndGet();
            String seen = store.get(id);
            if (n == 1) { // a slow first read: a stamp lands and another request reads and keeps the new version meanwhile
                store.put(id, "v2");
                now.addAndGet(Duration.ofMillis(5).toNanos());
                assertEquals("v2", version(r[0].published(id)));
            }
            return Optional.of(new LocatorService.Published(null, null, seen));
        }, Duration.ofMillis(500), now::get);
        assertEquals("v1", version(r[0].published("a")), "the slow request answers what it read");
        assertEquals("v2", version(r[0].published("a")), "the window holds the later read's version, not the slow one's");
        assertEquals(2, reads.get());
    }

    @Test
    void noWindowReadsEveryTimeAndTheWindowIsBounded() {
        RecentlyPublished r = window(Duration.ZERO);
        r.published("a");
        r.published("a");
        assertEquals(2, reads.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> window(Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("0 to 2000 ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> window(Duration.ofMillis(-1)));
    }
}
