package io.livepipe.encoder.http;

import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.util.Map;

/**
 * The streaming endpoint on a livepipe host's own server (the local host, the encoder service's
 * origin): the same shared {@link StreamingService} the StreamingEndpoint function calls, without
 * the function-host adapter in between, and with whole clear segments of a file store sent from
 * their files without copying (sendfile), and cenc/cbcs segments sent as their new head and the
 * rest encrypted in the array they were read into.
 */
public final class StreamingRoute {
    private final StreamingService streaming;

    public StreamingRoute(StreamingService streaming) { this.streaming = streaming; }

    /** Answers {@code /{locator}/...}: GET and HEAD, anything else 405. */
    public HostResponse handle(HostRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new HostResponse(405, Map.of("Allow", "GET, HEAD", "Cache-Control", "no-store"), new byte[0]);
        }
        StreamingResponse r = streaming.handleZeroCopy(request.rawPath().substring(1), request.query(), request.header("range"));
        if (r.rest() != null) return new HostResponse(r.status(), r.headers(), r.body(), r.rest());
        return new HostResponse(r.status(), r.headers(), r.body(), r.file());
    }
}
