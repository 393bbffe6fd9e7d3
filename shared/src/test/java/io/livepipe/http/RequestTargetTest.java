package io.livepipe.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request targets (RFC 9112 §3.2, RFC 3986 §3.3–3.4) and the Host rule (RFC 9112 §3.2). */
class RequestTargetTest {
    @Test
    void keepsThePathEncodedAndDecodesTheQuery() {
        RequestTarget t = RequestTarget.parse("/api/things/a%20b/x.ism/manifest(format=m3u8-cmaf,encryption=cbc)?code=k%2Bey&token=a.b-c_d&code=second&flag");
        assertEquals("/api/things/a%20b/x.ism/manifest(format=m3u8-cmaf,encryption=cbc)", t.rawPath());
        assertEquals(Map.of("code", "k+ey", "token", "a.b-c_d", "flag", ""), t.query());
        assertEquals("/x", RequestTarget.parse("http://example.com:8080/x").rawPath());
        assertEquals("/", RequestTarget.parse("https://example.com?q=1").rawPath());
        assertEquals(Map.of("q", "a b"), RequestTarget.parse("/?q=a+b").query());
    }

    @Test
    void refusesCharactersRfc3986DoesNotAllowAndBadEscapesWithoutQuotingThem() {
        for (String t : List.of("/api/preview/c/SECRET|x", "/a\\b", "/a%zz", "/a%4", "/a?code=SECRET%zz", "/a?token=SECRET|",
                "/a b", "/a\"b", "/a<b>", "/a{b}", "/a^b", "/a`b", "/a[b]", "/é", "/a\u0000b", "/a#frag", "*", "", "ftp://x/y",
                "http:///nohost", "http://user@host/x")) {
            MalformedRequestException e = assertThrows(MalformedRequestException.class, () -> RequestTarget.parse(t), t);
            assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        }
    }

    @Test
    void http11NeedsExactlyOneWellFormedHost() {
        assertThrows(MalformedRequestException.class, () -> HostField.check(true, List.of()));
        assertThrows(MalformedRequestException.class, () -> HostField.check(true, List.of("a", "b")));
        assertThrows(MalformedRequestException.class, () -> HostField.check(false, List.of("a", "a")));
        for (String bad : List.of("a b", "a/b", "a:port", "[::1", "x@y", "a:123456")) {
            assertThrows(MalformedRequestException.class, () -> HostField.check(true, List.of(bad)), bad);
        }
        for (String good : List.of("localhost", "127.0.0.1:7071", "[::1]:80", "[::1]", "cdn.example.com", "")) {
            assertDoesNotThrow(() -> HostField.check(true, List.of(good)), good);
        }
        assertDoesNotThrow(() -> HostField.check(false, List.of()));
    }
}
