package io.livepipe.local;

import io.livepipe.storage.LocalFile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local host's server writes back: status, headers and the whole body — or a local
 * file's slice sent without copying (then {@code body} is empty and the server closes the file).
 */
record HostResponse(int status, Map<String, String> headers, byte[] body, LocalFile file) {
    HostResponse {
        headers = Map.copyOf(headers);
    }

    HostResponse(int status, Map<String, String> headers, byte[] body) { this(status, headers, body, null); }

    long contentLength() { return file == null ? body.length : file.length(); }

    static HostResponse json(int status, String json) {
        return new HostResponse(status, Map.of("Content-Type", "application/json; charset=utf-8",
                "Cache-Control", "no-store"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** An error the host itself gives (not a function): RFC 9457 problem details. */
    static HostResponse problem(int status, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("status", status);
        p.put("detail", detail);
        return new HostResponse(status, Map.of("Content-Type", "application/problem+json",
                "Cache-Control", "no-store"), Json.write(p).getBytes(StandardCharsets.UTF_8));
    }
}
