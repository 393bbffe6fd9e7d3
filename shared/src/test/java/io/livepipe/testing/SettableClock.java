package io.livepipe.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests set and move by hand: {@code now} is what every reader sees until it is changed. */
public final class SettableClock extends Clock {
    public Instant now = Instant.parse("2026-11-24T06:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now; }

    public void advance(Duration d) { now = now.plus(d); }
}
