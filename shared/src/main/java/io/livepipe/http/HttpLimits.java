package io.livepipe.http;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import java.time.Duration;

/**
 * The limits of livepipe's HTTP/1.1 servers (the local host and the encoder service's origin),
 * in one place. {@code requestDeadline} bounds the time from a request's first byte to its last
 * (header and body): a client that trickles either is answered 408 and closed. {@code idle} bounds
 * a kept-alive connection with no request in flight. {@code maxPipelined} is how many requests of
 * one connection may be read ahead of their answers before reading pauses (answers always go out
 * in request order).
 */
public record HttpLimits(int maxInitialLine, int maxHeaderBytes, int maxBodyBytes, Duration requestDeadline,
                         Duration idle, int maxPipelined) {
    public static final int MAX_INITIAL_LINE = 8192;
    public static final int MAX_HEADER_BYTES = 16384;
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(20);
    public static final Duration IDLE = Duration.ofSeconds(60);
    public static final int MAX_PIPELINED = 16;

    public static final HttpLimits DEFAULTS = new HttpLimits(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_BODY_BYTES,
            REQUEST_DEADLINE, IDLE, MAX_PIPELINED);

    public HttpLimits {
        if (maxInitialLine <= 0 || maxHeaderBytes <= 0 || maxBodyBytes < 0 || maxPipelined <= 0
                || requestDeadline.isNegative() || requestDeadline.isZero() || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
    }

    /** The defaults, with the request deadline as configured (LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS). */
    public static HttpLimits from(Settings s) {
        return DEFAULTS.withRequestDeadline(Duration.ofSeconds(s.getInt(Setting.LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS)));
    }

    public HttpLimits withRequestDeadline(Duration d) {
        return new HttpLimits(maxInitialLine, maxHeaderBytes, maxBodyBytes, d, idle, maxPipelined);
    }
}
