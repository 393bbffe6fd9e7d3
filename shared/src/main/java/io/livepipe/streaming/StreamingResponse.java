package io.livepipe.streaming;

import io.livepipe.storage.LocalFile;
import java.util.Map;

/**
 * What the streaming endpoint answers: status, headers (content type, caching, ETag, ranges) and
 * body — the bytes, or, when the caller asked for zero-copy and the store keeps the segment in a
 * local file, that file's slice (then {@code body} is empty and the receiver closes {@code file}).
 */
public record StreamingResponse(int status, Map<String, String> headers, byte[] body, LocalFile file) {
    public StreamingResponse {
        headers = Map.copyOf(headers);
    }

    public StreamingResponse(int status, Map<String, String> headers, byte[] body) { this(status, headers, body, null); }
}
