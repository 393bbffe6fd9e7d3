package io.livepipe.local;

import java.util.Map;

/**
 * One HTTP request as the local host's server read it: the method, the raw path (still
 * percent-encoded), the decoded query parameters (first value of each name), headers with
 * lower-case names, and the body.
 */
record HostRequest(String method, String rawPath, String rawQuery, Map<String, String> query,
                   Map<String, String> headers, byte[] body) {
    HostRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    HostRequest withPath(String path) { return new HostRequest(method, path, rawQuery, query, headers, body); }

    String header(String name) { return headers.get(name.toLowerCase(java.util.Locale.ROOT)); }
}
