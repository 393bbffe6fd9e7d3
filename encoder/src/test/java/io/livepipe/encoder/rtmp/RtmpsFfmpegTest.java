package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.encoder.tls.LocalCertificate;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg publishing over rtmps:// (TLS, the local self-signed certificate accepted) to the RTMPS port beside RTMP's. */
class RtmpsFfmpegTest {
    @TempDir
    Path data;
    RecordingGate gate;
    RtmpServer server;
    int rtmpPort;
    int rtmpsPort;

    @BeforeEach
    void start() throws Exception {
        gate = new RecordingGate("k3y");
        server = new RtmpServer(gate, RtmpLimits.defaults().withIdleTimeout(java.time.Duration.ofSeconds(5)));
        rtmpPort = server.start("127.0.0.1", 0);
        rtmpsPort = server.startTls("127.0.0.1", 0, LocalCertificate.keptIn(data, "localhost").serverContext());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void ffmpegPublishesOverTlsAndTheSessionGetsTheSameSamplesAsOverRtmp() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(3, "rtmps://localhost:" + rtmpsPort + "/live/k3y/main"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        RecordingGate.Recorder s = gate.sessions.get(0);
        assertTrue(s.awaitClosed(10));
        assertEquals("S_OK", s.resultCode);
        assertEquals("k3y", gate.requests.get(0).streamKey());
        assertEquals("main", gate.requests.get(0).streamName());
        assertEquals(rtmpsPort, gate.requests.get(0).localPort());
        assertTrue(gate.requests.get(0).ingestUrl().startsWith("rtmps://localhost:" + rtmpsPort + "/live"), gate.requests.get(0).ingestUrl());
        List<MediaSample> video = s.of(TrackType.VIDEO);
        assertTrue(Math.abs(video.size() - 90) <= 2, "3 s at 30 fps: " + video.size());
        assertTrue(video.get(0).keyframe());
        assertTrue(Math.abs(s.of(TrackType.AUDIO).size() - 3 * 48000 / 1024) <= 3, "audio frames: " + s.of(TrackType.AUDIO).size());
    }

    @Test
    void wrongKeyOverTlsIsRefusedLikeOverRtmp() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(1, "rtmps://localhost:" + rtmpsPort + "/live/wrong"), 60);
        assertNotEquals(0, r.exitCode());
        assertTrue(gate.sessions.isEmpty());
        assertEquals("wrong", gate.requests.get(0).streamKey());
    }

    @Test
    void plainRtmpOnTheTlsPortAndTlsOnTheRtmpPortAreDisconnected() throws Exception {
        Ffmpeg.Result plain = Ffmpeg.run(Ffmpeg.publishArgs(1, "rtmp://localhost:" + rtmpsPort + "/live/k3y"), 60);
        assertNotEquals(0, plain.exitCode());
        Ffmpeg.Result tls = Ffmpeg.run(Ffmpeg.publishArgs(1, "rtmps://localhost:" + rtmpPort + "/live/k3y"), 60);
        assertNotEquals(0, tls.exitCode());
        assertTrue(gate.requests.isEmpty(), "no publish got as far as the gate");
        assertEquals(0, server.bufferedBytes());
    }

    @Test
    void garbageInsteadOfATlsHelloIsClosedAtOnce() throws Exception {
        try (Socket s = new Socket("127.0.0.1", rtmpsPort)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
            out.write(new byte[1528]);
            out.flush();
            long t0 = System.nanoTime();
            int read;
            do {
                read = s.getInputStream().read(new byte[4096]);
            } while (read > 0);
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "closed, not left to time out");
        }
        assertTrue(gate.requests.isEmpty());
    }
}
