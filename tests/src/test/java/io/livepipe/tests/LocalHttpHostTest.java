package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.config.Setting;
import io.livepipe.http.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local host's HTTP server under odd and hostile clients, over raw sockets: pipelined requests
 * answered in order (HEAD among them framed right), malformed targets 400 without a secret in any
 * log line, the Host rule of RFC 9112 §3.2, and a trickling client cut at the request deadline.
 */
class LocalHttpHostTest {
    static final int DEADLINE_SECONDS = 2;
    static LocalPlatformHarness lp;

    @BeforeAll
    static void start() {
        lp = new LocalPlatformHarness(Map.of(Setting.LIVEPIPE_HTTP_REQUEST_DEADLINE_SECONDS, Integer.toString(DEADLINE_SECONDS)));
    }

    @AfterAll
    static void stop() { lp.close(); }

    static String get(String target) { return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

    static String head(String target) { return "HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

    @Test
    void answersPipelinedRequestsInTheOrderTheyCame() {
        int swapped = 0;
        for (int i = 0; i < 30; i++) {
            try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
                c.send(get("/api/health") + get("/api/channels") + get("/api/health?n=" + i));
                RawHttp.Response first = c.read();
                RawHttp.Response second = c.read();
                RawHttp.Response third = c.read();
                if (first.status() != 200 || second.status() != 401 || third.status() != 200) swapped++;
                assertTrue(first.text().contains("\"status\":\"ok\""), first.text());
                assertTrue(second.text().contains("function key"), second.text());
            }
        }
        assertEquals(0, swapped, "connections whose answers came out of order");
    }

    @Test
    void headAmongPipelinedGetsCarriesTheLengthButNoBody() {
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            c.send(head("/") + get("/") + head("/lib/hls.js") + get("/api/health") + head("/") + get("/player.html"));
            RawHttp.Response headIndex = c.read(true);
            RawHttp.Response index = c.read();
            RawHttp.Response headLib = c.read(true);
            RawHttp.Response health = c.read();
            RawHttp.Response headIndexAgain = c.read(true);
            RawHttp.Response player = c.read();
            assertEquals(200, headIndex.status());
            assertEquals(Integer.toString(index.body().length), headIndex.headers().get("content-length"));
            assertTrue(index.text().contains("<html") || index.text().contains("<!doctype"), index.text());
            assertEquals(200, headLib.status());
            assertTrue(Long.parseLong(headLib.headers().get("content-length")) > 100_000, headLib.headers().toString());
            assertEquals(200, health.status());
            assertTrue(health.text().contains("\"status\":\"ok\""), health.text());
            assertEquals(headIndex.headers().get("content-length"), headIndexAgain.headers().get("content-length"));
            assertEquals(200, player.status());
            assertTrue(player.text().contains("<"), player.text());
        }
    }

    @Test
    void malformedTargetsAre400AndNoLogLineCarriesASecret() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            final SimpleFormatter f = new SimpleFormatter();
            @Override public void publish(LogRecord r) { synchronized (lines) { lines.add(f.format(r)); } }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            List<String> targets = List.of(
                    "/api/preview/cam/SECRETPREVIEWTOKEN1|x/master.m3u8",
                    "/api/preview/cam/SECRETPREVIEWTOKEN2\\x/master.m3u8",
                    "/api/preview/cam/SECRETPREVIEWTOKEN3%zz/master.m3u8",
                    "/api/channels?code=SECRETFUNCTIONKEY4%zz",
                    "/api/keys/x?token=SECRETJWT5|",
                    "/0123456789abcdef0123456789abcdef/master.m3u8?token=SECRETJWT6%zz");
            for (String t : targets) {
                try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
                    RawHttp.Response r = c.send(get(t)).read();
                    assertEquals(400, r.status(), t + " -> " + r.text());
                    assertFalse(r.text().contains("SECRET"), r.text());
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        synchronized (lines) {
            for (String l : lines) assertFalse(l.contains("SECRET"), "a log line carries a secret: " + l);
        }
    }

    @Test
    void http11NeedsExactlyOneHostField() {
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            assertEquals(400, c.send("GET /api/health HTTP/1.1\r\n\r\n").read().status());
            assertTrue(c.closed());
        }
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            assertEquals(400, c.send("GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read().status());
        }
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            assertEquals(400, c.send("GET /api/health HTTP/1.1\r\nHost: a b\r\n\r\n").read().status());
        }
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            assertEquals(200, c.send("GET /api/health HTTP/1.0\r\n\r\n").read().status());
        }
    }

    @Test
    void aClientTricklingItsHeaderIsCutAtTheDeadline() throws Exception {
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            long t0 = System.nanoTime();
            c.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            RawHttp.Response r = c.trickle("X-Slow: " + "a".repeat(200) + "\r\n");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(408, r.status(), r.text());
            assertTrue(seconds >= DEADLINE_SECONDS - 0.1 && seconds < DEADLINE_SECONDS + 8, "cut after " + seconds + " s");
            assertTrue(c.closed());
            System.out.printf("local host: header trickler cut after %.2f s (deadline %d s)%n", seconds, DEADLINE_SECONDS);
        }
    }

    @Test
    void aClientTricklingItsBodyIsCutAtTheDeadline() throws Exception {
        try (RawHttp c = new RawHttp(lp.platform.httpPort())) {
            long t0 = System.nanoTime();
            c.send("POST /api/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n");
            RawHttp.Response r = c.trickle("{".repeat(4000));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(408, r.status(), r.text());
            assertTrue(seconds >= DEADLINE_SECONDS - 0.1 && seconds < DEADLINE_SECONDS + 8, "cut after " + seconds + " s");
            assertTrue(c.closed());
            System.out.printf("local host: body trickler cut after %.2f s (deadline %d s)%n", seconds, DEADLINE_SECONDS);
        }
    }
}
