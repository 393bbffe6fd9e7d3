package io.livepipe.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by its number of entries and by the total weight of its
 * values (bytes, say): putting past either bound evicts the least recently used entries. A
 * value heavier than the whole budget is not kept. Thread-safe; every operation holds one lock
 * for a few map operations, so it is meant for values far dearer to make than to look up.
 */
public final class LruCache<K, V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    public LruCache(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        if (maxEntries < 1 || maxWeight < 1) throw new IllegalArgumentException("an LRU cache needs room for one entry");
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** A cache bounded by entries only (every value weighs 1). */
    public static <K, V> LruCache<K, V> ofEntries(int maxEntries) {
        return new LruCache<>(maxEntries, maxEntries, v -> 1);
    }

    /** The value for {@code key}, now the most recently used, or null. */
    public synchronized V get(K key) { return entries.get(key); }

    /** Keeps {@code value} for {@code key} (replacing any), then evicts down to the bounds. */
    public synchronized void put(K key, V value) {
        long w = weigher.applyAsLong(value);
        if (w > maxWeight) return;
        V before = entries.put(key, value);
        if (before != null) weight -= weigher.applyAsLong(before);
        weight += w;
        Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            weight -= weigher.applyAsLong(eldest.next().getValue());
            eldest.remove();
        }
    }

    public synchronized void remove(K key) {
        V before = entries.remove(key);
        if (before != null) weight -= weigher.applyAsLong(before);
    }

    public synchronized void clear() {
        entries.clear();
        weight = 0;
    }

    public synchronized int size() { return entries.size(); }

    public synchronized long weight() { return weight; }
}
