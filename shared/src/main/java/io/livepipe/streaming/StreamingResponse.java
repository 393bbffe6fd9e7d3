package io.livepipe.streaming;

import io.livepipe.http.BodyRest;
import io.livepipe.storage.LocalFile;
import java.util.Map;

/**
 * What the streaming endpoint answers: status, headers (content type, caching, ETag, ranges) and
 * body — the bytes, or, when the caller asked for zero-copy: where the store keeps the segment in a
 * local file, that file's slice (then {@code body} is empty and the receiver closes {@code file});
 * for a segment encrypted on the fly, {@code body} is its head and {@code rest} what follows it,
 * encrypted where it was read ({@link io.livepipe.media.cenc.ProtectedFragment}). Without
 * zero-copy, {@code file} and {@code rest} are null and {@code body} is all of it.
 */
public record StreamingResponse(int status, Map<String, String> headers, byte[] body, LocalFile file, BodyRest rest) {
    public StreamingResponse {
        headers = Map.copyOf(headers);
    }

    public StreamingResponse(int status, Map<String, String> headers, byte[] body) { this(status, headers, body, null, null); }

    public StreamingResponse(int status, Map<String, String> headers, byte[] body, LocalFile file) { this(status, headers, body, file, null); }

    /** The body in one array: {@code body}, joined with {@code rest} when there is one (never a file's slice). */
    public byte[] wholeBody() { return rest == null ? body : rest.after(body); }
}
