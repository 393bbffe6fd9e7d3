package io.livepipe.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Bounded by entries and by weight, least recently used out first. */
class LruCacheTest {
    @Test
    void evictsTheLeastRecentlyUsedPastItsEntries() {
        LruCache<String, String> c = LruCache.ofEntries(2);
        c.put("a", "1");
        c.put("b", "2");
        assertEquals("1", c.get("a")); // a is now the most recent
        c.put("c", "3");
        assertNull(c.get("b"));
        assertEquals("1", c.get("a"));
        assertEquals("3", c.get("c"));
        assertEquals(2, c.size());
    }

    @Test
    void evictsPastItsWeightAndKeepsNothingHeavierThanTheBudget() {
        LruCache<String, byte[]> c = new LruCache<>(100, 10, v -> v.length);
        c.put("a", new byte[4]);
        c.put("b", new byte[4]);
        c.put("c", new byte[4]);
        assertNull(c.get("a"));
        assertEquals(8, c.weight());
        c.put("huge", new byte[11]);
        assertNull(c.get("huge"));
        assertEquals(2, c.size());
    }

    @Test
    void replacingOrRemovingAnEntryKeepsItsWeightRight() {
        LruCache<String, byte[]> c = new LruCache<>(100, 10, v -> v.length);
        c.put("a", new byte[6]);
        c.put("a", new byte[3]);
        assertEquals(3, c.weight());
        c.remove("a");
        assertEquals(0, c.weight());
        assertEquals(0, c.size());
    }
}
