package io.livepipe.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values answered again for a fixed window after they were looked up: what a hot path keeps so
 * that it need not read storage on every request, at the price of being up to {@code window}
 * behind (each user states what that means for it). A value is fresh while less than the window
 * has passed since it was put. Time comes from a nanosecond ticker: {@code System::nanoTime}, or
 * {@link #ticker(Clock)} where tests move a platform clock. Bounded: at {@code maxEntries} the
 * map starts over. A concurrent map, so lookups take no lock (key delivery and low-latency
 * playlists ask on every request).
 */
public final class FreshFor<K, V> {
    private record Kept<V>(V value, long atNanos) { }

    private final ConcurrentHashMap<K, Kept<V>> kept = new ConcurrentHashMap<>();
    private final long windowNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    public FreshFor(Duration window, int maxEntries, LongSupplier nanoTime) {
        if (window.isNegative() || maxEntries < 1) throw new IllegalArgumentException("window " + window + ", entries " + maxEntries);
        this.windowNanos = window.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** A ticker reading {@code clock} (millisecond steps), for caches whose tests move the platform clock. */
    public static LongSupplier ticker(Clock clock) { return () -> clock.millis() * 1_000_000L; }

    /** The value kept for {@code key} if it is still fresh; a stale one is dropped. */
    public Optional<V> get(K key) {
        Kept<V> k = kept.get(key);
        if (k == null) return Optional.empty();
        if (nanoTime.getAsLong() - k.atNanos() < windowNanos) return Optional.of(k.value());
        kept.remove(key, k);
        return Optional.empty();
    }

    /** The fresh value for {@code key}, or {@code load}'s, kept from now. */
    public V get(K key, Function<K, V> load) {
        Optional<V> fresh = get(key);
        if (fresh.isPresent()) return fresh.get();
        V v = load.apply(key);
        put(key, v);
        return v;
    }

    /** Keeps {@code value} for {@code key} from now. */
    public void put(K key, V value) {
        if (kept.size() >= maxEntries) kept.clear();
        kept.put(key, new Kept<>(value, nanoTime.getAsLong()));
    }

    /**
     * Keeps {@code value} for {@code key} from now, unless the value kept is {@code later} than it:
     * of two lookups running at once, the one that began first may finish last, and what it read
     * must not replace the newer value for a whole window.
     */
    public void putUnlessLater(K key, V value, java.util.function.BiPredicate<V, V> later) {
        if (kept.size() >= maxEntries) kept.clear();
        long now = nanoTime.getAsLong();
        kept.compute(key, (k, old) -> old != null && later.test(old.value(), value) ? old : new Kept<>(value, now));
    }

    public void remove(K key) { kept.remove(key); }

    public void clear() { kept.clear(); }

    public int size() { return kept.size(); }
}
