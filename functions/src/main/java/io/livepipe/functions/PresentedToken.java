package io.livepipe.functions;

import com.microsoft.azure.functions.HttpRequestMessage;
import java.util.Map;

/**
 * The playback token a player presents: {@code Authorization: Bearer …} (RFC 6750 §2.1), or the
 * {@code token} query parameter (§2.3) for players that cannot set headers on key requests.
 * Null when there is none. The token is passed on, never logged.
 */
final class PresentedToken {
    private PresentedToken() { }

    static String from(HttpRequestMessage<?> req) {
        String auth = header(req.getHeaders(), "authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        Map<String, String> q = req.getQueryParameters();
        return q == null ? null : q.get("token");
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) return null;
        for (Map.Entry<String, String> h : headers.entrySet()) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        return null;
    }
}
