package io.livepipe.encoder.rtmp;

import java.time.Duration;

/** Every bound the RTMP server holds a peer to, in one place. */
public record RtmpLimits(int maxMessageLength, int maxChunkStreams, Duration handshakeTimeout, Duration idleTimeout,
                         long maxBytesPerSecond) {
    /**
     * The largest message, and so the largest chunk size a peer may set: a 4K keyframe fits
     * comfortably; a declared 2 GB chunk does not.
     */
    public static final int DEFAULT_MAX_MESSAGE = 8 * 1024 * 1024;
    /** Encoders use a handful of chunk streams; more than this is an attack. */
    public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;

    public static RtmpLimits defaults() {
        return new RtmpLimits(DEFAULT_MAX_MESSAGE, DEFAULT_MAX_CHUNK_STREAMS, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 200L * 1024 * 1024 / 8);
    }

    public RtmpLimits withIdleTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, d, maxBytesPerSecond);
    }

    public RtmpLimits withHandshakeTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, d, idleTimeout, maxBytesPerSecond);
    }
}
