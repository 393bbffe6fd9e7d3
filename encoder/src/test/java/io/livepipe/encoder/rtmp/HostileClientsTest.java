package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
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
 * stall mid-handshake, a declared 2 GB chunk, a flood, silence. Each is logged with its reason;
 * FFmpeg publishes afterwards.
 */
class HostileClientsTest {
    static final Logger SESSION_LOG = Logger.getLogger(RtmpSession.class.getName());
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

    @BeforeEach
    void start() throws Exception {
        SESSION_LOG.addHandler(capture);
        gate = new RecordingGate("k");
        server = new RtmpServer(gate, RtmpLimits.defaults().withHandshakeTimeout(Duration.ofSeconds(1)).withIdleTimeout(Duration.ofSeconds(2)));
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
}
