package io.livepipe.encoder.http;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a livepipe host's server read it: the method, the raw path (still
 * percent-encoded, but only characters RFC 3986 allows), the raw query and its decoded parameters
 * (first value of each name), headers with lower-case names (first line of each), and the body.
 */
public record HostRequest(String method, String rawPath, String rawQuery, Map<String, String> query,
                          Map<String, String> headers, byte[] body) {
    public HostRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public HostRequest withPath(String path) { return new HostRequest(method, path, rawQuery, query, headers, body); }

    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
}
