package io.livepipe.encoder.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad pushes: boxes whose sizes lie, a sample outside its mdat, a truncated body, a sender that
 * disappears mid-box, an oversized manifest. Each is a 4xx (or a closed connection), an end of the
 * publish with a result code (the channel's events say it), and nothing left held.
 */
class PushIngestHostileTest {
    static byte[] ismv;

    PushIngestFfmpegTest.Gate gate;
    PushServer server;
    PushIngest push;
    int port;

    @BeforeAll
    static void stream() throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30",
                "-c:a", "aac", "-f", "ismv", "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ismv = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    @BeforeEach
    void start() throws Exception {
        gate = new PushIngestFfmpegTest.Gate();
        server = new PushServer(gate, PushLimits.defaults().withSessionIdle(Duration.ofSeconds(2)).withMaxBox(1 << 20));
        push = server.push;
        port = server.port;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anMdatLargerThanAnyBoxMayBeIsRefusedAtItsHeader() throws Exception {
        byte[] lying = ismv.clone();
        int mdat = indexOf(lying, "mdat") - 4;
        lying[mdat] = 0x7f;
        String answer = post(lying);
        assertRefused(answer, 400, "'mdat' at offset " + mdat);
    }

    @Test
    void aBoxSmallerThanItsHeaderIsRefused() throws Exception {
        byte[] lying = ismv.clone();
        int moof = indexOf(lying, "moof") - 4;
        Arrays.fill(lying, moof, moof + 4, (byte) 0);
        lying[moof + 3] = 3;
        assertRefused(post(lying), 400, "less than its header");
    }

    @Test
    void aSampleSizeReachingPastItsMdatIsRefused() throws Exception {
        byte[] lying = ismv.clone();
        int trun = indexOf(lying, "trun");
        lying[trun + 24] = 0x10;
        assertRefused(post(lying), 400, "outside its mdat");
    }

    @Test
    void aTruncatedBodyIsRefused() throws Exception {
        assertRefused(post(Arrays.copyOf(ismv, ismv.length - 1000)), 400, "truncated");
    }

    @Test
    void garbageIsRefused() throws Exception {
        byte[] junk = new byte[5000];
        new java.util.Random(3).nextBytes(junk);
        junk[0] = 0;
        junk[1] = 0;
        junk[2] = 0x10;
        junk[3] = 0;
        String answer = post(junk);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void aWholeBodyWhoseSenderLeftBeforeTheAnswerIsKept() throws Exception {
        gate.delayMs = 500; // the decision comes after the sender closed
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /ingest/" + PushIngestFfmpegTest.KEY + "/Streams(x) HTTP/1.1\r\nHost: h\r\nContent-Length: " + ismv.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(ismv);
            out.flush();
            Thread.sleep(100); // the body is in
            s.setSoLinger(true, 0); // and the sender resets the connection without reading the answer
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.sessions.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        PushIngestFfmpegTest.Recorder session = gate.sessions.get(0);
        assertTrue(session.closed.await(10, TimeUnit.SECONDS));
        assertEquals("S_OK", session.resultCode, "a body that arrived whole is a whole stream");
        assertTrue(session.samples().size() > 150, "its samples went in: " + session.samples().size());
        assertEquals(0, push.heldBytes());
    }

    @Test
    void aSenderThatVanishesMidBoxEndsThePublishAndLeavesNothingHeld() throws Exception {
        int cut = indexOf(ismv, "mdat") + 5000;
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /ingest/" + PushIngestFfmpegTest.KEY + "/Streams(x) HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(cut) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(ismv, 0, cut);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (push.heldBytes() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(push.heldBytes() > 0, "the partial mdat is held while it arrives");
        }
        PushIngestFfmpegTest.Recorder session = gate.sessions.get(0);
        assertTrue(session.closed.await(5, TimeUnit.SECONDS));
        assertEquals("MPE_CLIENT_TERMINATED_SESSION", session.resultCode);
        assertEquals(0, push.heldBytes());
        assertEquals(0, push.publishes());
    }

    @Test
    void aManifestOverItsBoundIsRefused() throws Exception {
        String answer = post("/ingest/" + PushIngestFfmpegTest.KEY + "/manifest.mpd", new byte[PushLimits.DEFAULT_MAX_MANIFEST + 1]);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(post("/ingest/" + PushIngestFfmpegTest.KEY + "/manifest.mpd", new byte[100]).startsWith("HTTP/1.1 200"));
        assertTrue(gate.requests.isEmpty(), "manifests ask no gate");
    }

    private void assertRefused(String answer, int status, String detail) throws Exception {
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(answer.contains("MPE_INGEST_FRAGMENT_MALFORMED"), answer);
        assertTrue(answer.contains(detail), answer);
        PushIngestFfmpegTest.Recorder session = gate.sessions.get(0);
        assertTrue(session.closed.await(5, TimeUnit.SECONDS));
        assertEquals("MPE_INGEST_FRAGMENT_MALFORMED", session.resultCode, "the publish ends with the code");
        assertEquals(0, push.heldBytes());
        assertEquals(0, push.publishes());
    }

    private String post(byte[] body) throws Exception { return post("/ingest/" + PushIngestFfmpegTest.KEY + "/Streams(x)", body); }

    private String post(String path, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (java.io.IOException refusedEarly) {
                // answered and closed before the body was all sent: the answer is still there to read
            }
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int indexOf(byte[] b, String fourcc) {
        byte[] f = fourcc.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 4 <= b.length; i++) {
            for (int j = 0; j < 4; j++) if (b[i + j] != f[j]) continue outer;
            return i;
        }
        return -1;
    }
}
