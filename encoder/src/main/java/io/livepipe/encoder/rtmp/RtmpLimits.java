package io.livepipe.encoder.rtmp;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Every bound the RTMP server holds a peer to, in one place. Memory: a connection holds at
 * most {@code maxBufferedBytes} in partial messages once its publish was accepted, at most
 * {@code maxBufferedBytesBeforePublish} (partial messages, and media waiting for the gate)
 * before; all connections together hold at most {@code maxBufferedBytesTotal} in partial
 * messages. Time: the handshake within {@code handshakeTimeout}, an accepted publish within
 * {@code publishTimeout} of the connection, every message complete within
 * {@code messageTimeout} of its first header, something every {@code idleTimeout}. Count:
 * {@code maxConnections} in all, {@code maxConnectionsPerAddress} from one remote address.
 */
public record RtmpLimits(int maxMessageLength, int maxChunkStreams, Duration handshakeTimeout, Duration idleTimeout,
                         long maxBytesPerSecond, long maxBufferedBytes, long maxBufferedBytesBeforePublish,
                         long maxBufferedBytesTotal, Duration messageTimeout, Duration publishTimeout,
                         int maxConnections, int maxConnectionsPerAddress) {
    /**
     * The largest message, and so the largest chunk size a peer may set: a 4K keyframe fits
     * comfortably; a declared 2 GB chunk does not.
     */
    public static final int DEFAULT_MAX_MESSAGE = 8 * 1024 * 1024;
    /** Encoders use a handful of chunk streams; more than this is an attack. */
    public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;
    /** Messages per second beyond which a peer is flooding. */
    public static final int MAX_MESSAGES_PER_SECOND = 20_000;
    /** Media messages held while the gate decides; more means the gate is stuck. */
    public static final int MAX_PENDING_MESSAGES = 2048;
    /**
     * Partial messages of one publishing connection: a largest message (a 4K keyframe) and the
     * audio interleaved with it, twice over; an 8 Mbit/s 1080p keyframe is 1-2 MB.
     */
    public static final long DEFAULT_MAX_BUFFERED = 16L * 1024 * 1024;
    /**
     * Before its publish is accepted a client needs only command messages (connect, createStream,
     * publish: a few hundred bytes each) and what one socket read brings after publish (64 KiB)
     * while the gate decides, when reading stops.
     */
    public static final long DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH = 128L * 1024;
    /** Partial messages of all connections together: sixteen publishers at their bound. */
    public static final long DEFAULT_MAX_BUFFERED_TOTAL = 256L * 1024 * 1024;
    /** An 8 MiB keyframe over a 10 Mbit/s uplink takes 7 s; a message still open after this is a trickle. */
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = Duration.ofSeconds(10);
    /** Encoders publish within a second of connecting; the gate reads one document. */
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** A studio's encoders behind one NAT address; one address cannot take every slot. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;

    public RtmpLimits {
        positive("maxMessageLength", maxMessageLength);
        positive("maxChunkStreams", maxChunkStreams);
        positive("maxBytesPerSecond", maxBytesPerSecond);
        positive("maxBufferedBytesBeforePublish", maxBufferedBytesBeforePublish);
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerAddress", maxConnectionsPerAddress);
        if (maxBufferedBytes < maxBufferedBytesBeforePublish) {
            throw new IllegalArgumentException("maxBufferedBytes " + maxBufferedBytes + " is below maxBufferedBytesBeforePublish " + maxBufferedBytesBeforePublish);
        }
        if (maxBufferedBytesTotal < maxBufferedBytes) {
            throw new IllegalArgumentException("maxBufferedBytesTotal " + maxBufferedBytesTotal + " is below maxBufferedBytes " + maxBufferedBytes);
        }
        for (Duration d : new Duration[] {handshakeTimeout, idleTimeout, messageTimeout, publishTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("RTMP timeouts must be positive: " + d);
        }
    }

    private static void positive(String name, long v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be positive: " + v);
    }

    public static RtmpLimits defaults() {
        return new RtmpLimits(DEFAULT_MAX_MESSAGE, DEFAULT_MAX_CHUNK_STREAMS, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 200L * 1024 * 1024 / 8, DEFAULT_MAX_BUFFERED, DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH,
                DEFAULT_MAX_BUFFERED_TOTAL, DEFAULT_MESSAGE_TIMEOUT, DEFAULT_PUBLISH_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    /** The defaults with what an operator configures: connection caps, buffer budgets, the message deadline. */
    public static RtmpLimits from(Settings s) {
        Duration messageTimeout;
        try {
            messageTimeout = Duration.parse(s.get(Setting.LIVEPIPE_RTMP_MESSAGE_TIMEOUT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("setting LIVEPIPE_RTMP_MESSAGE_TIMEOUT is not an ISO 8601 duration: "
                    + s.get(Setting.LIVEPIPE_RTMP_MESSAGE_TIMEOUT));
        }
        RtmpLimits d = defaults();
        return d.withBuffers(longSetting(s, Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES), d.maxBufferedBytesBeforePublish,
                        longSetting(s, Setting.LIVEPIPE_RTMP_MAX_BUFFERED_BYTES_TOTAL))
                .withMessageTimeout(messageTimeout)
                .withConnectionCaps(s.getInt(Setting.LIVEPIPE_RTMP_MAX_CONNECTIONS), s.getInt(Setting.LIVEPIPE_RTMP_MAX_CONNECTIONS_PER_ADDRESS));
    }

    private static long longSetting(Settings s, Setting key) {
        try {
            return Long.parseLong(s.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key.name() + " is not a number: " + s.get(key));
        }
    }

    /** The budget for partial messages of a connection, before or after its publish was accepted. */
    public long bufferBudget(boolean published) { return published ? maxBufferedBytes : maxBufferedBytesBeforePublish; }

    public RtmpLimits withIdleTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, d, maxBytesPerSecond, maxBufferedBytes,
                maxBufferedBytesBeforePublish, maxBufferedBytesTotal, messageTimeout, publishTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RtmpLimits withHandshakeTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, d, idleTimeout, maxBytesPerSecond, maxBufferedBytes,
                maxBufferedBytesBeforePublish, maxBufferedBytesTotal, messageTimeout, publishTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RtmpLimits withMessageTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, idleTimeout, maxBytesPerSecond, maxBufferedBytes,
                maxBufferedBytesBeforePublish, maxBufferedBytesTotal, d, publishTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RtmpLimits withPublishTimeout(Duration d) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, idleTimeout, maxBytesPerSecond, maxBufferedBytes,
                maxBufferedBytesBeforePublish, maxBufferedBytesTotal, messageTimeout, d, maxConnections, maxConnectionsPerAddress);
    }

    public RtmpLimits withBuffers(long perConnection, long beforePublish, long total) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, idleTimeout, maxBytesPerSecond, perConnection,
                beforePublish, total, messageTimeout, publishTimeout, maxConnections, maxConnectionsPerAddress);
    }

    public RtmpLimits withConnectionCaps(int total, int perAddress) {
        return new RtmpLimits(maxMessageLength, maxChunkStreams, handshakeTimeout, idleTimeout, maxBytesPerSecond, maxBufferedBytes,
                maxBufferedBytesBeforePublish, maxBufferedBytesTotal, messageTimeout, publishTimeout, total, perAddress);
    }
}
