package io.livepipe.streaming;

import io.livepipe.cache.FreshFor;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A short freshness window over {@link LocatorService#published}: a locator found, with its
 * asset and the asset's timeline version, is answered again for {@code window} without reading
 * the locator, the asset or the timeline's chunk listing again. Under many viewers this turns a
 * listing per request into one per window per locator; the price is that a live playlist may
 * lag a stamp by up to the window, as it would behind a CDN keeping it that long. A locator not
 * found is not remembered (a new one plays at once), deletions through this process forget at
 * once, an asset listing no segment yet is read again until it lists one (time to first
 * segment), what a read that began earlier but finished later found never replaces a later read's
 * (a playlist would list segments the next request could not find), and the window is measured on a monotonic clock (a platform clock held still in tests
 * never keeps an entry forever). Bounded: at most {@link #ENTRIES} locators ({@link FreshFor}).
 */
final class RecentlyPublished {
    static final int ENTRIES = 4096;
    static final Duration MAX_WINDOW = Duration.ofSeconds(2);

    /** What a read found, and when (monotonic) that read began. */
    private record Read(LocatorService.Published published, long began) { }

    private final Function<String, Optional<LocatorService.Published>> read;
    private final boolean off;
    private final LongSupplier nanoTime;
    private final FreshFor<String, Read> seen;

    RecentlyPublished(Function<String, Optional<LocatorService.Published>> read, Duration window, LongSupplier nanoTime) {
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("the streaming freshness window must be 0 to " + MAX_WINDOW.toMillis() + " ms, not " + window);
        }
        this.read = read;
        this.off = window.isZero();
        this.nanoTime = nanoTime;
        this.seen = new FreshFor<>(window, ENTRIES, nanoTime);
    }

    Optional<LocatorService.Published> published(String id) {
        if (off) return read.apply(id);
        Optional<Read> fresh = seen.get(id);
        if (fresh.isPresent()) return Optional.of(fresh.get().published());
        long began = nanoTime.getAsLong();
        Optional<LocatorService.Published> found = read.apply(id);
        if (found.isPresent() && !listsNothing(found.get())) seen.putUnlessLater(id, new Read(found.get(), began), RecentlyPublished::later);
        else seen.remove(id);
        return found;
    }

    /**
     * A live asset that lists no segment yet (a channel just started): not remembered, so that its
     * first segment plays as soon as it is stamped, not up to a window later. Read on each request
     * only until then.
     */
    private static boolean listsNothing(LocatorService.Published p) {
        return p.asset() != null && p.asset().renditions().values().stream().allMatch(t -> t.segments().isEmpty());
    }

    /**
     * A read that began after another's is the newer, even if it finished first: a viewer given a
     * playlist from it must find the segments it lists in what the next request is answered from.
     */
    private static boolean later(Read kept, Read offered) { return kept.began() - offered.began() > 0; }

    void forget(String id) { seen.remove(id); }

    void forgetAll() { seen.clear(); }
}
