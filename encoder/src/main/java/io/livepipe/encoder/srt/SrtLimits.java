package io.livepipe.encoder.srt;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.media.ts.TsLimits;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Every bound the SRT listener holds callers to, in one place: the receiver latency it asks for
 * ({@code latency}, SRTO_RCVLATENCY; the larger of both sides' wins), how many connections it
 * holds, how many handshakes a second it will look a stream key up for (each costs a storage
 * read on libsrt's receive thread), how long a handshake's admission may take, how long an
 * accepted caller has to deliver its first sample ({@code firstMediaTimeout}) and how long it
 * may then deliver none ({@code idleTimeout}), and the transport stream demuxer's limits.
 */
public record SrtLimits(Duration latency, int maxConnections, int maxAdmissionsPerSecond, Duration admissionTimeout,
                        Duration firstMediaTimeout, Duration idleTimeout, TsLimits ts) {
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(120);
    public static final Duration MAX_LATENCY = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_ADMISSIONS_PER_SECOND = 50;
    /** SRT messages are at most 1456 bytes (MTU minus headers); a live caller sends 1316 (7 TS packets). */
    public static final int MAX_MESSAGE = 1500;

    public SrtLimits {
        if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) throw new IllegalArgumentException("SRT latency must be PT0S..PT10S");
        if (maxConnections < 1 || maxAdmissionsPerSecond < 1) throw new IllegalArgumentException("SRT connection bounds must be positive");
    }

    public static SrtLimits defaults() {
        return new SrtLimits(DEFAULT_LATENCY, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_ADMISSIONS_PER_SECOND, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(30), TsLimits.defaults());
    }

    public SrtLimits withLatency(Duration d) {
        return new SrtLimits(d, maxConnections, maxAdmissionsPerSecond, admissionTimeout, firstMediaTimeout, idleTimeout, ts);
    }

    public SrtLimits withTimeouts(Duration firstMedia, Duration idle) {
        return new SrtLimits(latency, maxConnections, maxAdmissionsPerSecond, admissionTimeout, firstMedia, idle, ts);
    }

    /** LIVEPIPE_SRT_LATENCY over the defaults. */
    public static SrtLimits from(Settings s) {
        String v = s.get(Setting.LIVEPIPE_SRT_LATENCY);
        try {
            return defaults().withLatency(Duration.parse(v));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("setting LIVEPIPE_SRT_LATENCY must be an ISO 8601 duration of PT0S to PT10S, not " + v);
        }
    }
}
