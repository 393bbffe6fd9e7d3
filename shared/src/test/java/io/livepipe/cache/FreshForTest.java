package io.livepipe.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshForTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void aValueIsFreshForLessThanTheWindowThenLoadedAgain() {
        FreshFor<String, String> f = new FreshFor<>(Duration.ofMillis(100), 10, now::get);
        AtomicInteger loads = new AtomicInteger();
        assertEquals("v1", f.get("a", k -> "v" + loads.incrementAndGet()));
        now.addAndGet(Duration.ofMillis(99).toNanos());
        assertEquals("v1", f.get("a", k -> "v" + loads.incrementAndGet()));
        assertEquals(1, loads.get());
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(Optional.empty(), f.get("a"), "at the window's end it is stale");
        assertEquals(0, f.size(), "and dropped");
        assertEquals("v2", f.get("a", k -> "v" + loads.incrementAndGet()));
    }

    @Test
    void boundedRemovableAndChecked() {
        FreshFor<Integer, Integer> f = new FreshFor<>(Duration.ofSeconds(1), 3, now::get);
        for (int i = 0; i < 10; i++) {
            f.put(i, i);
            assertTrue(f.size() <= 3, "size " + f.size());
        }
        f.remove(9);
        assertEquals(Optional.empty(), f.get(9));
        f.clear();
        assertEquals(0, f.size());
        assertThrows(IllegalArgumentException.class, () -> new FreshFor<>(Duration.ofMillis(-1), 3, now::get));
        assertThrows(IllegalArgumentException.class, () -> new FreshFor<>(Duration.ofSeconds(1), 0, now::get));
    }
}
