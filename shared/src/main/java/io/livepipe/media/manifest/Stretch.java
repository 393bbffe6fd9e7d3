package io.livepipe.media.manifest;

import java.time.Instant;

/**
 * A continuous stretch of media (a run from its start, or from an encoder reconnect): the decode
 * time it starts at, its timescale (0: not known), and the wall-clock time its decode time 0
 * corresponds to.
 */
public record Stretch(long decodeTime, int timescale, Instant epoch) {
    /** When the stretch's first segment starts, by the wall clock. */
    public Instant startTime() {
        return timescale == 0 ? epoch : epoch.plusNanos(decodeTime * 1_000_000L / timescale * 1000);
    }
}
