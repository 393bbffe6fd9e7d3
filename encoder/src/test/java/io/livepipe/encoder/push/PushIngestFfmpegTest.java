package io.livepipe.encoder.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FFmpeg pushing fragmented MP4 over HTTP (Smooth ingest, DASH with PUT and POST) to the push route of an HTTP host. */
class PushIngestFfmpegTest {
    static final String KEY = "k3y";

    /** A gate that accepts one key and records what each session receives, in order. */
    static final class Gate implements IngestGate {
        final List<PublishRequest> requests = new CopyOnWriteArrayList<>();
        final List<Recorder> sessions = new CopyOnWriteArrayList<>();
        /** How long a decision takes (a slow store). */
        volatile long delayMs;

        @Override
        public PublishDecision authorize(PublishRequest r) {
            requests.add(r);
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!r.streamKey().equals(KEY)) return new PublishDecision.Refuse("MPE_RTMP_APPID_AUTH_FAILURE", "unknown stream key");
            Recorder s = new Recorder();
            sessions.add(s);
            return new PublishDecision.Accept(s);
        }
    }

    static final class Recorder implements PublishSession {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String resultCode;

        @Override public void onMetadata(Map<String, Object> m) { events.add(m); }
        @Override public void onCodecConfig(CodecConfig c) { events.add(c); }
        @Override public void onSample(MediaSample s) { events.add(s); }
        @Override public void onUnsupportedCodec(TrackType t, String codec) { events.add("unsupported " + codec); }
        @Override public void onClosed(String code) { resultCode = code; closed.countDown(); }

        List<MediaSample> of(TrackType t) {
            return events.stream().filter(e -> e instanceof MediaSample m && m.type() == t).map(e -> (MediaSample) e).toList();
        }

        List<MediaSample> samples() { return events.stream().filter(e -> e instanceof MediaSample).map(e -> (MediaSample) e).toList(); }
    }

    Gate gate;
    PushServer server;
    PushIngest push;
    int port;

    @BeforeEach
    void start() throws Exception {
        gate = new Gate();
        server = new PushServer(gate, PushLimits.defaults().withSessionIdle(Duration.ofSeconds(2)));
        push = server.push;
        port = server.port;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static List<String> source(double seconds) {
        return new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-t", Double.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "60", "-b:v", "400k",
                "-c:a", "aac", "-b:a", "64k"));
    }

    static String run(List<String> args) throws Exception {
        Path err = Files.createTempFile("ffmpeg", ".log");
        Process p = new ProcessBuilder(args).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + Files.readString(err);
    }

    /** Configs before samples; every frame; decode order across tracks; video from a keyframe; audio frames 21.3 ms apart. */
    static void assertWholeStream(Recorder s, double seconds) {
        int firstSample = -1;
        for (int i = 0; i < s.events.size(); i++) if (s.events.get(i) instanceof MediaSample) { firstSample = i; break; }
        long configs = s.events.subList(0, firstSample).stream().filter(e -> e instanceof CodecConfig).count();
        assertEquals(2, configs, "both decoder configurations before the first sample");
        List<MediaSample> video = s.of(TrackType.VIDEO);
        List<MediaSample> audio = s.of(TrackType.AUDIO);
        assertEquals(Math.round(seconds * 30), video.size(), "every video frame");
        assertTrue(Math.abs(audio.size() - seconds * 48000 / 1024) <= 3, "audio frames: " + audio.size());
        assertTrue(video.get(0).keyframe());
        assertTrue(video.stream().anyMatch(v -> v.compositionOffset() > 0), "B-frames keep their offsets");
        assertEquals(video.size(), video.stream().map(MediaSample::presentationTime).distinct().count(), "distinct presentation times");
        List<MediaSample> all = s.samples();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).decodeTime() >= all.get(i - 1).decodeTime(), "decode order across tracks at " + i + ": "
                    + all.subList(Math.max(0, i - 3), Math.min(all.size(), i + 3)).stream().map(m -> m.type() + "@" + m.decodeTime()).toList());
        }
        for (int i = 1; i < audio.size(); i++) {
            long d = audio.get(i).decodeTime() - audio.get(i - 1).decodeTime();
            assertTrue(d == 21 || d == 22, "AAC frames of 1024 samples at 48 kHz: " + d);
        }
        long firstVideoPts = video.stream().mapToLong(MediaSample::presentationTime).min().orElseThrow();
        long firstAudioPts = audio.get(0).presentationTime();
        assertTrue(Math.abs(firstVideoPts - firstAudioPts) <= 22, "A/V start within one audio frame: video " + firstVideoPts
                + " ms, audio " + firstAudioPts + " ms");
    }

    @Test
    void ffmpegSmoothIngestPostFeedsOneSessionThatEndsWithTheStream() throws Exception {
        List<String> args = source(3);
        args.addAll(List.of("-f", "ismv", "http://127.0.0.1:" + port + "/ingest/" + KEY + "/Streams(cam)"));
        assertEquals("", run(args));
        assertEquals(1, gate.sessions.size());
        Recorder s = gate.sessions.get(0);
        assertTrue(s.closed.await(5, TimeUnit.SECONDS));
        assertEquals("S_OK", s.resultCode, "the POST's end is the stream's");
        assertEquals("cam", gate.requests.get(0).streamName());
        assertEquals("http://127.0.0.1:" + port + "/ingest", gate.requests.get(0).ingestUrl());
        assertWholeStream(s, 3);
        assertEquals(0, push.heldBytes());
    }

    @Test
    void ffmpegLowLatencyDashPutOfEachTracksSegmentsFeedsOneSession() throws Exception {
        List<String> args = source(4);
        args.addAll(List.of("-f", "dash", "-method", "PUT", "-streaming", "1", "-ldash", "1", "-seg_duration", "2",
                "http://127.0.0.1:" + port + "/ingest/" + KEY + "/manifest.mpd"));
        assertEquals("", run(args));
        assertEquals(1, gate.requests.size(), "uploads of one key at once share one decision, and the stream's end is its last");
        Recorder s = gate.sessions.get(0);
        assertTrue(s.closed.await(6, TimeUnit.SECONDS), "ends after the silence");
        assertEquals("S_OK", s.resultCode);
        assertNull(gate.requests.get(0).streamName());
        assertWholeStream(s, 4);
    }

    @Test
    void ffmpegDashPostOfWholeSegmentsFeedsOneSession() throws Exception {
        List<String> args = source(4);
        args.addAll(List.of("-f", "dash", "-seg_duration", "2", "http://127.0.0.1:" + port + "/ingest/" + KEY + "/out.mpd"));
        assertEquals("", run(args));
        assertEquals(1, gate.requests.size());
        Recorder s = gate.sessions.get(0);
        assertTrue(s.closed.await(6, TimeUnit.SECONDS));
        assertWholeStream(s, 4);
    }

    @Test
    void wrongKeyIsRefusedWith403() throws Exception {
        List<String> args = source(1);
        args.addAll(List.of("-f", "ismv", "http://127.0.0.1:" + port + "/ingest/wrong/Streams(cam)"));
        run(args); // FFmpeg's exit code does not say: it reads no answer to a POST it could write whole
        assertTrue(gate.sessions.isEmpty());
        assertEquals("wrong", gate.requests.get(0).streamKey());
        String answer = post("/ingest/wrong/Streams(x)", new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'});
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        assertTrue(answer.contains("MPE_RTMP_APPID_AUTH_FAILURE"), answer);
        assertFalse(answer.contains("wrong"), "the key is not echoed");
        assertTrue(post("/ingest/" + KEY, new byte[0]).startsWith("HTTP/1.1 400"), "no name after the key");
    }

    /** One raw HTTP/1.1 request with a Content-Length body; the whole answer. */
    String post(String path, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
