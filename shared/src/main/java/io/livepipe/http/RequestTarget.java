package io.livepipe.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request's target (RFC 9112 §3.2), checked before any routing: origin-form
 * {@code /path[?query]}, or absolute-form {@code http(s)://authority/path[?query]} reduced to it.
 * Only the characters RFC 3986 allows in a path (§3.3: pchar and "/") and a query (§3.4: also
 * "?") pass, and every {@code %} must start two hex digits; anything else ({@code |}, {@code \},
 * {@code %zz}, spaces, controls, non-ASCII) is a {@link MalformedRequestException}, answered 400.
 * The path stays percent-encoded (routes decode their own segments); the query is decoded as a
 * form (first value of each name, {@code +} is a space, at most {@link #MAX_QUERY_PARAMETERS}).
 */
public record RequestTarget(String rawPath, String rawQuery, Map<String, String> query) {
    public static final int MAX_QUERY_PARAMETERS = 64;

    public RequestTarget {
        query = Map.copyOf(query);
    }

    public static RequestTarget parse(String target) {
        if (target == null || target.isEmpty()) throw new MalformedRequestException("empty request target");
        if (target.length() > HttpLimits.MAX_INITIAL_LINE) throw new MalformedRequestException("request target too long");
        String t = target;
        if (t.charAt(0) != '/') t = originOf(t);
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        String rawQuery = q < 0 ? "" : t.substring(q + 1);
        int hash = rawQuery.indexOf('#');
        if (hash >= 0 || path.indexOf('#') >= 0) throw new MalformedRequestException("a fragment is not part of a request target");
        check(path, false);
        check(rawQuery, true);
        return new RequestTarget(path, rawQuery, decodeQuery(rawQuery));
    }

    /** The origin-form part of an absolute-form target; the authority is checked, then dropped. */
    private static String originOf(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (start < 0) throw new MalformedRequestException("request target must be a path (origin-form) or an http(s) URI");
        int end = t.length();
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '/' || c == '?') {
                end = i;
                break;
            }
        }
        String authority = t.substring(start, end);
        if (authority.isEmpty() || !HostField.validValue(authority)) throw new MalformedRequestException("malformed authority in request target");
        String rest = t.substring(end);
        return rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest;
    }

    private static void check(String s, boolean query) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new MalformedRequestException("malformed percent-escape in request target");
                }
                i += 2;
            } else if (!pchar(c) && c != '/' && !(query && c == '?')) {
                throw new MalformedRequestException("character not allowed in request target (RFC 3986): percent-encode it");
            }
        }
    }

    /** RFC 3986 pchar without pct-encoded: unreserved / sub-delims / ":" / "@". */
    static boolean pchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static Map<String, String> decodeQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) return out;
        int seen = 0;
        for (String kv : raw.split("&", -1)) {
            if (kv.isEmpty()) continue;
            if (++seen > MAX_QUERY_PARAMETERS) break;
            int eq = kv.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            if (name.isEmpty()) continue;
            out.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
