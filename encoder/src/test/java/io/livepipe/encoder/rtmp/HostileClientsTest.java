package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave are cut off within a bound and the server keeps serving: garbage, a
 * stall mid-handshake, a declared 2 GB chunk, a flood, silence, partial messages that would
 * fill the heap, a trickle, a connection that never publishes, too many connections. Each is
 * logged with its reason; FFmpeg publishes afterwards.
 */
class HostileClientsTest {
    /** The package's logger: sessions log closes, the listener logs refusals at accept. */
    static final Logger SESSION_LOG = Logger.getLogger(RtmpSession.class.getPackageName());
    final List<String> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { logged.add(r.getMessage() == null ? "" : r.getMessage()); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    RecordingGate gate;
    RtmpServer server;
    int port;

    /** The server logged that it closed a connection for this reason (and, if given, this detail). */
    void assertLoggedClose(String reason, String detail) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (logged.stream().anyMatch(m -> m.startsWith("event=rtmp_connection_closed") && m.contains(" reason=" + reason)
                    && (detail == null || m.contains(detail)))) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no close logged with reason=" + reason + (detail == null ? "" : " and " + detail) + ": " + logged);
    }

    static final RtmpLimits TEST_LIMITS = RtmpLimits.defaults().withHandshakeTimeout(Duration.ofSeconds(1)).withIdleTimeout(Duration.ofSeconds(2));

    @BeforeEach
    void start() throws Exception {
        SESSION_LOG.addHandler(capture);
        gate = new RecordingGate("k");
        server = new RtmpServer(gate, TEST_LIMITS);
        port = server.start("127.0.0.1", 0);
    }

    /** Replaces the server with one held to {@code limits}. */
    void restart(RtmpLimits limits) throws Exception {
        server.close();
        server = new RtmpServer(gate, limits);
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        SESSION_LOG.removeHandler(capture);
    }

    /** True if the server closed the connection within {@code seconds} (reads reach end of stream or reset). */
    static boolean closedWithin(Socket s, double seconds) throws IOException {
        s.setSoTimeout(200);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        InputStream in = s.getInputStream();
        byte[] b = new byte[65536];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(b) < 0) return true;
            } catch (SocketTimeoutException e) {
                // still open; keep waiting
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    void assertFfmpegStillPublishes() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(1, "rtmp://127.0.0.1:" + port + "/live/k"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(gate.sessions.get(gate.sessions.size() - 1).awaitClosed(10));
    }

    @Test
    void garbageIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] junk = new byte[4096];
            new Random(1).nextBytes(junk);
            junk[0] = 0x47;
            s.getOutputStream().write(junk);
            assertTrue(closedWithin(s, 2));
        }
        assertLoggedClose("protocol_error", "version");
        assertFfmpegStillPublishes();
    }

    @Test
    void stallMidHandshakeTimesOut() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(new byte[] {3, 0, 0, 0});
            assertTrue(closedWithin(s, 3), "closed after the 1 s handshake timeout");
        }
        assertLoggedClose("handshake_timeout", null);
    }

    @Test
    void twoGigabyteChunkDeclarationIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(new ChunkWriter().handshake()
                    .fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(0x7fffffff).toByteArray());
            assertTrue(closedWithin(s, 2));
        }
        assertLoggedClose("protocol_error", "Set Chunk Size of 2147483647");
        assertFfmpegStillPublishes();
    }

    @Test
    void floodOfTinyMessagesIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(new ChunkWriter().handshake().toByteArray());
            ChunkWriter w = new ChunkWriter();
            for (int i = 0; i < 5000; i++) w.fmt0(3, 0, 1, RtmpMessage.ACK, 0).bytes(new byte[1], 0, 1);
            byte[] burst = w.toByteArray();
            boolean cut = false;
            try {
                for (int i = 0; i < 20 && !cut; i++) out.write(burst);
            } catch (IOException e) {
                cut = true;
            }
            assertTrue(cut || closedWithin(s, 2), "100,000 messages in a burst end the connection");
        }
        assertLoggedClose("protocol_error", "flood");
        assertFfmpegStillPublishes();
    }

    @Test
    void silentClientTimesOut() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(new ChunkWriter().handshake().toByteArray());
            assertTrue(closedWithin(s, 4), "closed after the 2 s idle timeout");
        }
        assertLoggedClose("idle", null);
    }

    /** Reads what the server sends until {@code text} appears (true) or the time is up or the connection ends (false). */
    static boolean awaitText(Socket s, String text, double seconds) throws IOException {
        s.setSoTimeout(200);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] b = new byte[65536];
        while (System.nanoTime() < deadline) {
            try {
                int n = s.getInputStream().read(b);
                if (n < 0) return false;
                seen.write(b, 0, n);
                if (seen.toString(StandardCharsets.ISO_8859_1).contains(text)) return true;
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
        }
        return false;
    }

    /** A client past the handshake whose publish of key {@code k} was accepted. */
    Socket publisher() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(new ChunkWriter().handshake().publish("k").toByteArray());
        assertTrue(awaitText(s, "NetStream.Publish.Start", 5), "publish accepted");
        return s;
    }

    /**
     * The hostile client of the issue: 63 chunk streams (and the control stream: the limit of
     * 64), each announcing an 8 MiB message and
     * sending one chunk of {@code part} bytes of it, never completing one. Returns whether
     * the server cut the connection before or within a few seconds after the last byte.
     */
    static boolean holdPartialMessages(Socket s, int part) throws IOException {
        OutputStream out = s.getOutputStream();
        try {
            out.write(new ChunkWriter().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(part).toByteArray());
            byte[] body = new byte[part];
            for (int csid = 3; csid < 2 + RtmpLimits.DEFAULT_MAX_CHUNK_STREAMS; csid++) {
                out.write(new ChunkWriter().fmt0(csid, 0, RtmpLimits.DEFAULT_MAX_MESSAGE, RtmpMessage.VIDEO, 1).toByteArray());
                out.write(body);
            }
        } catch (IOException cut) {
            return true;
        }
        return closedWithin(s, 5);
    }

    @Test
    void partialMessagesBeforePublishAreCutAtTheSmallBudget() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(new ChunkWriter().handshake().toByteArray());
            assertTrue(holdPartialMessages(s, 4096), "cut before it published");
        }
        assertLoggedClose("protocol_error", "before publish");
        assertTrue(server.peakBufferedBytes() <= RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH,
                "held " + server.peakBufferedBytes() + " bytes");
        assertEquals(0, server.bufferedBytes(), "released when the connection closed");
        assertFfmpegStillPublishes();
    }

    @Test
    void publisherHoldingPartialMessagesIsCutAtItsBudget() throws Exception {
        try (Socket s = publisher()) {
            assertTrue(holdPartialMessages(s, 512 * 1024), "64 x 512 KiB of partial messages end the connection");
        }
        assertLoggedClose("protocol_error", "buffer budget");
        long peak = server.peakBufferedBytes();
        assertTrue(peak <= RtmpLimits.DEFAULT_MAX_BUFFERED, "held " + peak + " bytes");
        assertTrue(peak > RtmpLimits.DEFAULT_MAX_BUFFERED / 2, "the budget, not something else, cut it: " + peak);
        assertTrue(gate.sessions.get(0).awaitClosed(5));
        assertEquals("MPE_RTMP_PROTOCOL_VIOLATION", gate.sessions.get(0).resultCode);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (server.bufferedBytes() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.bufferedBytes(), "released when the connection closed");
        assertFfmpegStillPublishes();
    }

    @Test
    void manyHostilePublishersTogetherStayUnderTheServerWideBound() throws Exception {
        long total = 24L * 1024 * 1024;
        restart(TEST_LIMITS.withBuffers(RtmpLimits.DEFAULT_MAX_BUFFERED, RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH, total));
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) sockets.add(publisher());
        List<Thread> threads = new ArrayList<>();
        List<Boolean> cut = new CopyOnWriteArrayList<>();
        for (Socket s : sockets) {
            Thread t = new Thread(() -> {
                try {
                    cut.add(holdPartialMessages(s, 512 * 1024));
                } catch (IOException e) {
                    cut.add(true);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(30_000);
        for (Socket s : sockets) s.close();
        assertEquals(List.of(true, true, true), cut, "every hostile publisher was cut");
        assertTrue(server.peakBufferedBytes() <= total, "all together held " + server.peakBufferedBytes() + " bytes");
        assertFfmpegStillPublishes();
    }

    @Test
    void tricklingMessageIsCutAtTheMessageDeadline() throws Exception {
        restart(TEST_LIMITS.withMessageTimeout(Duration.ofSeconds(2)).withPublishTimeout(Duration.ofSeconds(60)));
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(new ChunkWriter().handshake().fmt0(3, 0, 100, RtmpMessage.COMMAND_AMF0, 0).bytes(new byte[10], 0, 10).toByteArray());
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 30 && !cut; i++) {
                try {
                    out.write(0);
                } catch (IOException e) {
                    cut = true;
                }
                cut = cut || closedWithin(s, 0.4);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(cut, "a byte every 0.4 s keeps the idle timeout away, the message deadline does not");
            assertTrue(seconds >= 1.5 && seconds < 6, "cut after the 2 s message deadline: " + seconds);
        }
        assertLoggedClose("protocol_error", "not complete");
    }

    @Test
    void connectionThatNeverPublishesIsCut() throws Exception {
        restart(TEST_LIMITS.withPublishTimeout(Duration.ofSeconds(2)));
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(new ChunkWriter().handshake().toByteArray());
            boolean cut = false;
            for (int i = 0; i < 20 && !cut; i++) {
                try {
                    out.write(new ChunkWriter().fmt0(2, 0, 4, RtmpMessage.ACK, 0).u32(i).toByteArray());
                } catch (IOException e) {
                    cut = true;
                }
                cut = cut || closedWithin(s, 0.5);
            }
            assertTrue(cut, "complete messages every 0.5 s, but no publish: cut after the 2 s publish deadline");
        }
        assertLoggedClose("publish_timeout", null);
    }

    /** A connection from {@code from}: true if the server answers C0+C1 with S0+S1+S2, false if it closes at once. */
    boolean served(Socket s) throws IOException {
        s.getOutputStream().write(new ChunkWriter().handshake().toByteArray(), 0, 1 + RtmpDecoder.HANDSHAKE_SIZE);
        s.setSoTimeout(3000);
        int got = 0;
        byte[] b = new byte[4096];
        try {
            while (got < 1 + 2 * RtmpDecoder.HANDSHAKE_SIZE) {
                int n = s.getInputStream().read(b);
                if (n < 0) return false;
                got += n;
            }
        } catch (IOException reset) {
            return false;
        }
        return true;
    }

    Socket from(String address) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    @Test
    void connectionsOverTheCapsAreRefusedAtAccept() throws Exception {
        restart(TEST_LIMITS.withHandshakeTimeout(Duration.ofSeconds(30)).withIdleTimeout(Duration.ofSeconds(30)).withConnectionCaps(3, 2));
        try (Socket a = from("127.0.0.1"); Socket b = from("127.0.0.1"); Socket c = from("127.0.0.1");
             Socket d = from("127.0.0.2"); Socket e = from("127.0.0.3")) {
            assertTrue(served(a));
            assertTrue(served(b));
            assertFalse(served(c), "a third connection from 127.0.0.1 is over the per-address cap of 2");
            assertLoggedRefusal("too_many_connections_from_address");
            assertTrue(served(d), "another address has its own count");
            assertFalse(served(e), "a fourth connection is over the cap of 3");
            assertLoggedRefusal("too_many_connections ");
            a.close();
            boolean again = false;
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!again && System.nanoTime() < deadline) {
                try (Socket f = from("127.0.0.1")) {
                    again = served(f);
                }
                if (!again) Thread.sleep(50);
            }
            assertTrue(again, "a closed connection frees its slot");
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (server.connections() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.connections(), "every slot is free once the clients left");
        assertFfmpegStillPublishes();
    }

    void assertLoggedRefusal(String reason) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (logged.stream().anyMatch(m -> m.startsWith("event=rtmp_connection_refused") && (m + " ").contains(" reason=" + reason))) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no refusal logged with reason=" + reason + ": " + logged);
    }

    @Test
    void mediaSentWhileTheGateDecidesWaitsInTcpAndNoneIsLost() throws Exception {
        java.util.concurrent.CountDownLatch decide = new java.util.concurrent.CountDownLatch(1);
        server.close();
        server = new RtmpServer(request -> {
            try {
                decide.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return gate.authorize(request);
        }, TEST_LIMITS.withIdleTimeout(Duration.ofSeconds(30)));
        port = server.start("127.0.0.1", 0);
        int frames = 400;
        ChunkWriter w = new ChunkWriter().handshake().publish("k")
                .message(4, RtmpMessage.AUDIO, 1, new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90}, RtmpDecoder.DEFAULT_CHUNK_SIZE);
        byte[] frame = new byte[2 + 4096];
        frame[0] = (byte) 0xAF;
        frame[1] = 1;
        for (int i = 0; i < frames; i++) w.message(4, RtmpMessage.AUDIO, 1, frame, RtmpDecoder.DEFAULT_CHUNK_SIZE);
        byte[] bytes = w.toByteArray();
        try (Socket s = new Socket("127.0.0.1", port)) {
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(bytes);
                } catch (IOException e) {
                    // the assertions below say what went wrong
                }
            });
            writer.start();
            Thread.sleep(1000);
            assertTrue(server.peakBufferedBytes() <= RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH,
                    "1.6 MB sent while the gate decides; held " + server.peakBufferedBytes());
            decide.countDown();
            assertTrue(awaitText(s, "NetStream.Publish.Start", 5));
            writer.join(10_000);
            RecordingGate.Recorder r = gate.sessions.get(0);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (r.samples.size() < frames && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(frames, r.samples.size(), "every frame sent before the decision arrives after it");
        }
        assertTrue(logged.stream().noneMatch(m -> m.startsWith("event=rtmp_connection_closed") && m.contains("protocol_error")), logged.toString());
    }
}
