package io.livepipe.encoder.push;

import java.time.Duration;

/**
 * What HTTP push ingest holds and waits for, in one place. A box (an mdat: a segment's or a
 * fragment's media) is at most {@code maxBoxBytes}, refused at its header; an upload holds at
 * most one box and one moof; all uploads together hold at most {@code maxHeldBytesTotal}; an upload
 * whose publish is still being authorised holds at most {@code maxBytesBeforeAccept}; a manifest
 * body (ignored) at most {@code maxManifestBytes}. A publish with no upload open ends after
 * {@code sessionIdle}; tracks are interleaved over at most {@code maxInterleaveSpan} of media.
 */
public record PushLimits(int maxBoxBytes, long maxHeldBytesTotal, int maxBytesBeforeAccept, int maxManifestBytes,
                         Duration sessionIdle, Duration maxInterleaveSpan) {
    public static final int DEFAULT_MAX_BOX = 16 * 1024 * 1024;
    public static final long DEFAULT_MAX_HELD_TOTAL = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_BEFORE_ACCEPT = 1024 * 1024;
    public static final int DEFAULT_MAX_MANIFEST = 1024 * 1024;
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INTERLEAVE_SPAN = Duration.ofSeconds(20);

    public PushLimits {
        if (maxBoxBytes < 1024 || maxHeldBytesTotal < maxBoxBytes || maxBytesBeforeAccept < 1 || maxManifestBytes < 1) {
            throw new IllegalArgumentException("push limits out of range");
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero() || maxInterleaveSpan.isNegative() || maxInterleaveSpan.isZero()) {
            throw new IllegalArgumentException("push durations must be positive");
        }
    }

    public static PushLimits defaults() {
        return new PushLimits(DEFAULT_MAX_BOX, DEFAULT_MAX_HELD_TOTAL, DEFAULT_MAX_BEFORE_ACCEPT, DEFAULT_MAX_MANIFEST,
                DEFAULT_SESSION_IDLE, DEFAULT_INTERLEAVE_SPAN);
    }

    public PushLimits withSessionIdle(Duration d) {
        return new PushLimits(maxBoxBytes, maxHeldBytesTotal, maxBytesBeforeAccept, maxManifestBytes, d, maxInterleaveSpan);
    }

    public PushLimits withMaxBox(int bytes) {
        return new PushLimits(bytes, Math.max(bytes, maxHeldBytesTotal), maxBytesBeforeAccept, maxManifestBytes, sessionIdle, maxInterleaveSpan);
    }
}
