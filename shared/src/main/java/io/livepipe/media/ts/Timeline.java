package io.livepipe.media.ts;

/**
 * Unwraps 33-bit 90 kHz PTS/DTS (they wrap every 26.5 hours) onto one continuous timeline shared
 * by every track of the program: each value is placed in the 2^33 period that puts it nearest
 * the last value seen, so audio and video stay on one clock across the wrap.
 */
final class Timeline {
    static final long WRAP = 1L << 33;
    private long last = Long.MIN_VALUE;

    long unwrap(long raw) {
        if (last == Long.MIN_VALUE) {
            last = raw;
            return raw;
        }
        long base = Math.floorDiv(last, WRAP) * WRAP;
        long best = base + raw;
        for (long candidate : new long[] {base - WRAP + raw, base + WRAP + raw}) {
            if (Math.abs(candidate - last) < Math.abs(best - last)) best = candidate;
        }
        last = best;
        return best;
    }

    /** 90 kHz to milliseconds, rounding down. */
    static long millis(long t90k) { return Math.floorDiv(t90k, 90); }
}
