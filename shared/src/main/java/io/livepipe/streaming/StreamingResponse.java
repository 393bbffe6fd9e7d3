package io.livepipe.streaming;

import java.util.Map;

/** What the streaming endpoint answers: status, headers (content type, caching, ETag, ranges) and body. */
public record StreamingResponse(int status, Map<String, String> headers, byte[] body) {
    public StreamingResponse {
        headers = Map.copyOf(headers);
    }
}
