package io.livepipe.encoder.http;

import io.livepipe.http.BodyRest;
import io.livepipe.http.Problem;
import io.livepipe.http.Refusal;
import io.livepipe.storage.LocalFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a livepipe host's server writes back: status, headers and the whole body — or a local
 * file's slice sent without copying (then {@code body} is empty and the server closes the file).
 * The server sets Content-Length itself (also on HEAD, where no body follows) — except for a
 * {@link #streamed} body, sent with chunked transfer coding as it is made. A body may go on in
 * {@code rest}, a slice of another array sent after {@code body} without joining the two (a
 * segment encrypted where it was read).
 */
public record HostResponse(int status, Map<String, String> headers, byte[] body, LocalFile file, ChunkSource stream, BodyRest rest) {
    public HostResponse {
        headers = Map.copyOf(headers);
    }

    public HostResponse(int status, Map<String, String> headers, byte[] body) { this(status, headers, body, null, null, null); }

    public HostResponse(int status, Map<String, String> headers, byte[] body, LocalFile file) { this(status, headers, body, file, null, null); }

    /** {@code body} and then {@code rest} (null: nothing more). */
    public HostResponse(int status, Map<String, String> headers, byte[] body, BodyRest rest) { this(status, headers, body, null, null, rest); }

    /** A body sent in chunks as {@code stream} makes them (chunked transfer coding); the connection closes after it. */
    public static HostResponse streamed(int status, Map<String, String> headers, ChunkSource stream) {
        return new HostResponse(status, headers, new byte[0], null, stream, null);
    }

    public long contentLength() {
        if (file != null) return file.length();
        return body.length + (rest == null ? 0L : rest.length());
    }

    public static HostResponse json(int status, String json) {
        return new HostResponse(status, Map.of("Content-Type", "application/json; charset=utf-8",
                "Cache-Control", "no-store"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** An error the host itself gives (not a function): RFC 9457 problem details, written by {@link Problem}. */
    public static HostResponse problem(int status, String detail) { return of(Problem.of(status, detail)); }

    /** The answer to a refusal a route threw. */
    public static HostResponse refused(Refusal refusal) { return of(Problem.of(refusal)); }

    private static HostResponse of(Problem p) { return new HostResponse(p.status(), p.headers(), p.body()); }
}
