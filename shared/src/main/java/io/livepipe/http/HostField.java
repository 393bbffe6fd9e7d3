package io.livepipe.http;

import java.util.List;

/**
 * The Host header field rule of RFC 9112 §3.2: a server answers 400 to an HTTP/1.1 request
 * without Host, to any request with more than one Host field line, and to a Host whose value is
 * not {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2). An empty value is allowed (a target URI
 * without authority); HTTP/1.0 may omit the field.
 */
public final class HostField {
    private HostField() { }

    /** Throws {@link MalformedRequestException} unless {@code values} (every Host field line) passes. */
    public static void check(boolean http11, List<String> values) {
        if (values.size() > 1) throw new MalformedRequestException("more than one Host header field");
        if (values.isEmpty()) {
            if (http11) throw new MalformedRequestException("an HTTP/1.1 request needs a Host header field");
            return;
        }
        if (!validValue(values.get(0).strip())) throw new MalformedRequestException("malformed Host header field");
    }

    /** {@code uri-host [ ":" port ]}: a reg-name or IPv4 address, or an IP literal in brackets. */
    static boolean validValue(String v) {
        if (v.isEmpty()) return true;
        if (v.length() > 255 + 6) return false;
        String host = v;
        if (v.charAt(0) == '[') {
            int close = v.indexOf(']');
            if (close < 0) return false;
            for (int i = 1; i < close; i++) {
                char c = v.charAt(i);
                if (RequestTarget.hex(c) < 0 && c != ':' && c != '.' && c != 'v' && c != 'V') return false;
            }
            if (close + 1 == v.length()) return true;
            if (v.charAt(close + 1) != ':') return false;
            return port(v.substring(close + 2));
        }
        int colon = v.lastIndexOf(':');
        if (colon >= 0) {
            if (!port(v.substring(colon + 1))) return false;
            host = v.substring(0, colon);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '%') {
                if (i + 2 >= host.length() || RequestTarget.hex(host.charAt(i + 1)) < 0 || RequestTarget.hex(host.charAt(i + 2)) < 0) return false;
                i += 2;
            } else if (!RequestTarget.pchar(c) || c == ':' || c == '@') {
                return false;
            }
        }
        return true;
    }

    private static boolean port(String p) {
        if (p.length() > 5) return false;
        for (int i = 0; i < p.length(); i++) if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
        return true;
    }
}
