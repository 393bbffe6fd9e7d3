package io.livepipe.encoder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.http.HttpLimits;
import io.livepipe.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP server over raw sockets, with routes that finish in the reverse order of their
 * requests: answers still leave in request order, however deep the pipeline, and a body over the
 * limit is refused in its turn.
 */
class HttpHostTest {
    static final HttpLimits LIMITS = new HttpLimits(HttpLimits.MAX_INITIAL_LINE, HttpLimits.MAX_HEADER_BYTES, 1024,
            Duration.ofSeconds(1), Duration.ofSeconds(30), 4);
    HttpHost host;
    int port;

    @BeforeEach
    void start() throws InterruptedException {
        host = new HttpHost("test", LIMITS, r -> {
            int delay = r.query().containsKey("sleep") ? Integer.parseInt(r.query().get("sleep")) : 0;
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (r.method() + " " + r.rawPath() + " " + r.body().length).getBytes(StandardCharsets.UTF_8);
            return new HostResponse(r.rawPath().startsWith("/denied") ? 401 : 200, Map.of("Content-Type", "text/plain"), body);
        });
        port = host.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() { host.close(); }

    static String get(String target) { return "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"; }

    @Test
    void slowFirstAnswersStillLeaveFirst() {
        for (int i = 0; i < 30; i++) {
            try (RawHttp c = new RawHttp(port)) {
                c.send(get("/ok?sleep=80") + get("/denied") + "HEAD /ok?sleep=50 HTTP/1.1\r\nHost: h\r\n\r\n" + get("/last"));
                RawHttp.Response a = c.read();
                RawHttp.Response b = c.read();
                RawHttp.Response h = c.read(true);
                RawHttp.Response d = c.read();
                assertEquals(200, a.status());
                assertEquals("GET /ok 0", a.text());
                assertEquals(401, b.status());
                assertEquals("GET /denied 0", b.text());
                assertEquals(200, h.status());
                assertEquals(Integer.toString("HEAD /ok 0".length()), h.headers().get("content-length"));
                assertEquals("GET /last 0", d.text());
            }
        }
    }

    /** Requests dispatched to the event loop are answered there, and still in their turn behind a slow worker's. */
    @Test
    void eventLoopRequestsAreAnsweredOnTheEventLoopInTheirTurn() throws InterruptedException {
        java.util.function.Function<HostRequest, java.util.concurrent.CompletionStage<HostResponse>> handler = r -> {
            try {
                if (r.query().containsKey("sleep")) Thread.sleep(Integer.parseInt(r.query().get("sleep")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (r.rawPath() + " on " + (Thread.currentThread().getName().endsWith("-http") ? "worker" : "loop"))
                    .getBytes(StandardCharsets.UTF_8);
            return java.util.concurrent.CompletableFuture.completedFuture(new HostResponse(200, Map.of(), body));
        };
        Dispatch onLoop = new Dispatch(handler, true);
        Dispatch onWorker = new Dispatch(handler, false);
        try (HttpHost inline = HttpHost.dispatching("inline", LIMITS, null, r -> r.rawPath().startsWith("/fast") ? onLoop : onWorker)) {
            int p = inline.start("127.0.0.1", 0);
            try (RawHttp c = new RawHttp(p)) {
                c.send(get("/slow?sleep=150") + get("/fast/a") + "HEAD /fast/b HTTP/1.1\r\nHost: h\r\n\r\n" + get("/fast/c"));
                assertEquals("/slow on worker", c.read().text());
                assertEquals("/fast/a on loop", c.read().text());
                RawHttp.Response head = c.read(true);
                assertEquals(Integer.toString("/fast/b on loop".length()), head.headers().get("content-length"));
                assertEquals("/fast/c on loop", c.read().text());
            }
        }
    }

    @Test
    void aPipelineDeeperThanTheLimitIsReadAsAnswersGoOut() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 40; i++) all.append(get("/n" + i + "?sleep=" + (i % 3 == 0 ? 20 : 0)));
        try (RawHttp c = new RawHttp(port)) {
            c.send(all.toString());
            for (int i = 0; i < 40; i++) assertEquals("GET /n" + i + " 0", c.read().text());
        }
    }

    @Test
    void aBodyOverTheLimitIs413InItsTurnThenTheConnectionCloses() {
        try (RawHttp c = new RawHttp(port)) {
            c.send(get("/first?sleep=200") + "POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000));
            assertEquals("GET /first 0", c.read().text());
            RawHttp.Response big = c.read();
            assertEquals(413, big.status());
            assertEquals("close", big.headers().get("connection"));
            assertTrue(c.closed());
        }
    }

    @Test
    void aClientStillSendingItsOversizedBodyReadsThe413() throws Exception {
        // The answer goes out while a megabyte is still on its way: a plain close would reset the connection and lose it.
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                java.io.OutputStream out = s.getOutputStream();
                out.write(("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 4000000\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int k = 0; k < 16; k++) {
                        out.write(chunk);
                        Thread.sleep(5);
                    }
                } catch (java.io.IOException closedWhileSending) {
                    // the server shut its side; what it answered is still to be read
                }
                s.setSoTimeout(5000);
                String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 413", head);
            }
        }
    }

    @Test
    void aBodyWithinTheLimitReachesTheRoute() {
        try (RawHttp c = new RawHttp(port)) {
            c.send("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789" + get("/after"));
            assertEquals("POST /small 10", c.read().text());
            assertEquals("GET /after 0", c.read().text());
        }
    }

    @Test
    void aTricklerIsAnswered408AfterTheDeadlineEvenBehindPendingAnswers() throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            long t0 = System.nanoTime();
            c.send(get("/first?sleep=300") + "GET /slow HTTP/1.1\r\n");
            assertEquals("GET /first 0", c.read().text());
            RawHttp.Response r = c.trickle("Host: h\r\nX-Pad: " + "p".repeat(100) + "\r\n");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(408, r.status());
            assertTrue(seconds >= 0.9 && seconds < 8, "cut after " + seconds + " s");
            assertTrue(c.closed());
        }
    }

    @Test
    void malformedRequestLinesAre400() {
        for (String bad : new String[] {"GET /a|b HTTP/1.1\r\nHost: h\r\n\r\n", "GET /a HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
                "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n", "BREW\r\n\r\n"}) {
            try (RawHttp c = new RawHttp(port)) {
                RawHttp.Response r = c.send(bad).read();
                assertTrue(r.status() == 400 || r.status() == 414, bad.substring(0, Math.min(30, bad.length())) + " -> " + r.status());
                assertTrue(c.closed());
            }
        }
    }
}
