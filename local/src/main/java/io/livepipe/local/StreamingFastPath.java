package io.livepipe.local;

import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.util.Map;

/**
 * The streaming endpoint on the local host's fast path: the same shared {@link StreamingService}
 * the StreamingEndpoint function calls, without the function-host adapter in between, and with
 * whole clear segments sent from their files without copying (sendfile).
 */
final class StreamingFastPath {
    private final StreamingService streaming;

    StreamingFastPath(StreamingService streaming) { this.streaming = streaming; }

    HostResponse handle(HostRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new HostResponse(405, Map.of("Allow", "GET, HEAD", "Cache-Control", "no-store"), new byte[0]);
        }
        StreamingResponse r = streaming.handleZeroCopy(request.rawPath().substring(1), request.query(), request.headers().get("range"));
        return new HostResponse(r.status(), r.headers(), r.body(), r.file());
    }
}
