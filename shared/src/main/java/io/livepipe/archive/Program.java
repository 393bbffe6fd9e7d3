package io.livepipe.archive;

import java.time.Duration;
import java.time.Instant;

/**
 * A recording of a channel into an asset (the retired service's live output): it takes every
 * segment the channel writes from {@code started} until {@code stopped}, keeping the last
 * {@code archiveWindow} of them while it runs. Kept at {@code programs/{channel}/{name}.json}.
 */
public record Program(String channel, String name, String assetName, Duration archiveWindow, String state,
                      Instant started, Instant stopped) {
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofHours(25);
    public static final String RUNNING = "Running";
    public static final String STOPPED = "Stopped";

    public boolean records(Instant segmentCreated) {
        return !segmentCreated.isBefore(started) && (stopped == null || segmentCreated.isBefore(stopped));
    }

    public Program stop(Instant at) { return new Program(channel, name, assetName, archiveWindow, STOPPED, started, at); }
}
