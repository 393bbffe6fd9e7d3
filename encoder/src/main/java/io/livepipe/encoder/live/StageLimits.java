package io.livepipe.encoder.live;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * What one channel's ingest stage may hold between the ingest loop and storage, and how long
 * (the one place for these limits). Above {@code highWaterBytes} or {@code highWaterSamples} the
 * publishers' sockets stop being read (TCP slows the encoder); under the low marks (half) they
 * are read again. A stage that stays above its high mark for {@code stallTimeout} cuts its
 * publishers. {@code failoverThreshold} is how long the active input of a channel with a backup
 * may deliver nothing before the backup takes over.
 */
public record StageLimits(long highWaterBytes, int highWaterSamples, Duration stallTimeout, Duration failoverThreshold) {
    /** 32 MiB: about 40 s of a 6 Mbit/s contribution, far beyond a few seconds of slow storage. */
    public static final long DEFAULT_HIGH_WATER_BYTES = 32L << 20;
    /** About 40 s of 25 fps video and 44.1 kHz AAC. */
    public static final int DEFAULT_HIGH_WATER_SAMPLES = 3_000;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_FAILOVER_THRESHOLD = Duration.ofSeconds(3);
    /** What a warm input keeps of its recent media for a seamless failover, at most. */
    public static final long WARM_BUFFER_BYTES = 16L << 20;

    public StageLimits {
        if (highWaterBytes < 2 || highWaterSamples < 2) throw new IllegalArgumentException("stage high-water marks must be at least 2");
        for (Duration d : new Duration[] {stallTimeout, failoverThreshold}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("stage durations must be positive: " + d);
        }
    }

    public static StageLimits defaults() {
        return new StageLimits(DEFAULT_HIGH_WATER_BYTES, DEFAULT_HIGH_WATER_SAMPLES, DEFAULT_STALL_TIMEOUT, DEFAULT_FAILOVER_THRESHOLD);
    }

    /** The defaults with the operator's stall timeout and failover threshold. */
    public static StageLimits from(Settings s) {
        return new StageLimits(DEFAULT_HIGH_WATER_BYTES, DEFAULT_HIGH_WATER_SAMPLES,
                duration(s, Setting.LIVEPIPE_INGEST_STALL_TIMEOUT), duration(s, Setting.LIVEPIPE_INGEST_FAILOVER_THRESHOLD));
    }

    private static Duration duration(Settings s, Setting key) {
        try {
            return Duration.parse(s.get(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("setting " + key.name() + " is not an ISO 8601 duration: " + s.get(key));
        }
    }

    public long lowWaterBytes() { return highWaterBytes / 2; }

    public int lowWaterSamples() { return highWaterSamples / 2; }

    public StageLimits withHighWater(long bytes, int samples) {
        return new StageLimits(bytes, samples, stallTimeout, failoverThreshold);
    }

    public StageLimits withStallTimeout(Duration d) {
        return new StageLimits(highWaterBytes, highWaterSamples, d, failoverThreshold);
    }

    public StageLimits withFailoverThreshold(Duration d) {
        return new StageLimits(highWaterBytes, highWaterSamples, stallTimeout, d);
    }
}
