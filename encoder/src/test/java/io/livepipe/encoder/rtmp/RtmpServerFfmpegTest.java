package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FFmpeg, a real publisher no one here wrote, against our RTMP server. */
class RtmpServerFfmpegTest {
    RecordingGate gate;
    RtmpServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        gate = new RecordingGate("k3y");
        server = new RtmpServer(gate, RtmpLimits.defaults());
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void acceptedPublisherDeliversConfigsThenTimedSamplesWithBFrameOffsets() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(4, "rtmp://127.0.0.1:" + port + "/live/k3y"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        RecordingGate.Recorder s = gate.sessions.get(0);
        assertTrue(s.awaitClosed(10));
        assertEquals("S_OK", s.resultCode);
        assertNull(gate.requests.get(0).streamName());
        assertInstanceOf(Map.class, s.events.get(0), "onMetaData comes first");
        Map<?, ?> meta = (Map<?, ?>) s.events.get(0);
        assertEquals(400_000 / 1024.0, (Double) meta.get("videodatarate"), 0.01, "FFmpeg declares kbit/s of 1024 bits");

        int firstVideo = indexOf(s.events, TrackType.VIDEO, true);
        int videoConfig = indexOfConfig(s.events, TrackType.VIDEO);
        int audioConfig = indexOfConfig(s.events, TrackType.AUDIO);
        assertTrue(videoConfig >= 0 && videoConfig < firstVideo, "AVC sequence header before video samples");
        assertTrue(audioConfig >= 0 && audioConfig < indexOf(s.events, TrackType.AUDIO, true), "AudioSpecificConfig before audio");

        List<MediaSample> video = s.of(TrackType.VIDEO);
        List<MediaSample> audio = s.of(TrackType.AUDIO);
        assertTrue(Math.abs(video.size() - 120) <= 2, "4 s at 30 fps: " + video.size());
        assertTrue(video.get(0).keyframe(), "first video sample is a keyframe");
        for (int i = 1; i < video.size(); i++) {
            assertTrue(video.get(i).decodeTime() >= video.get(i - 1).decodeTime(), "decode times never go back");
        }
        long steps = 0;
        for (int i = 1; i < video.size(); i++) {
            long d = video.get(i).decodeTime() - video.get(i - 1).decodeTime();
            if (d == 33 || d == 34) steps++;
        }
        assertTrue(steps >= video.size() - 3, "video advances by 1/30 s: " + steps + " of " + video.size());
        assertTrue(video.stream().anyMatch(v -> v.compositionOffset() > 0), "B-frames give composition offsets");
        assertTrue(video.stream().allMatch(v -> v.compositionOffset() >= 0));
        long distinctPts = video.stream().map(MediaSample::presentationTime).distinct().count();
        assertEquals(video.size(), distinctPts, "every frame has its own presentation time");
        for (int i = 1; i < audio.size(); i++) {
            long d = audio.get(i).decodeTime() - audio.get(i - 1).decodeTime();
            assertTrue(d == 21 || d == 22, "AAC frames of 1024 samples at 48 kHz are 21.3 ms apart: " + d);
        }
        assertTrue(Math.abs(audio.size() - 4 * 48000 / 1024) <= 3, "audio frames: " + audio.size());
    }

    @Test
    void ffmpegsTeeMuxerWithoutGlobalHeadersIsTakenFromItsInBandParameterSets() throws Exception {
        // the tee muxer opens its outputs before the encoder has extradata: an empty AVC sequence
        // header, then Annex B frames with SPS and PPS in-band (what "one encode to two servers" sends)
        List<String> args = Ffmpeg.publishArgs(3, "unused");
        args = new java.util.ArrayList<>(args.subList(0, args.size() - 3));
        args.addAll(List.of("-map", "0:v", "-map", "1:a", "-f", "tee", "[f=flv]rtmp://127.0.0.1:" + port + "/live/k3y"));
        Ffmpeg.Result r = Ffmpeg.run(args, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        RecordingGate.Recorder s = gate.sessions.get(0);
        assertTrue(s.awaitClosed(10));
        assertEquals("S_OK", s.resultCode);
        int videoConfig = indexOfConfig(s.events, TrackType.VIDEO);
        assertTrue(videoConfig >= 0 && videoConfig < indexOf(s.events, TrackType.VIDEO, true), "a configuration made from the SPS and PPS first");
        List<MediaSample> video = s.of(TrackType.VIDEO);
        assertTrue(Math.abs(video.size() - 90) <= 2, "3 s at 30 fps: " + video.size());
        assertTrue(video.get(0).keyframe());
        for (MediaSample v : video) {
            byte[] d = v.data();
            int pos = 0;
            while (pos < d.length) pos += 4 + (((d[pos] & 0xff) << 24) | ((d[pos + 1] & 0xff) << 16) | ((d[pos + 2] & 0xff) << 8) | (d[pos + 3] & 0xff));
            assertEquals(d.length, pos, "AVCC lengths frame every sample exactly");
        }
    }

    @Test
    void urlWithStreamNameIsAcceptedToo() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(1, "rtmp://127.0.0.1:" + port + "/live/k3y/main"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("k3y", gate.requests.get(0).streamKey());
        assertEquals("main", gate.requests.get(0).streamName());
        assertTrue(gate.sessions.get(0).awaitClosed(10));
        assertTrue(gate.sessions.get(0).samples.size() > 10);
    }

    @Test
    void refusedPublisherGetsNothingThroughAndFfmpegFails() throws Exception {
        Ffmpeg.Result r = Ffmpeg.run(Ffmpeg.publishArgs(2, "rtmp://127.0.0.1:" + port + "/live/wrong"), 60);
        assertNotEquals(0, r.exitCode());
        assertTrue(gate.sessions.isEmpty());
        assertEquals("wrong", gate.requests.get(0).streamKey());
    }

    @Test
    void twoPublishersAtOnceAreIndependent() throws Exception {
        var a = new Thread(() -> {
            try {
                Ffmpeg.run(Ffmpeg.publishArgs(2, "rtmp://127.0.0.1:" + port + "/live/k3y/a"), 60);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        a.start();
        Ffmpeg.Result b = Ffmpeg.run(Ffmpeg.publishArgs(2, "rtmp://127.0.0.1:" + port + "/live/k3y/b"), 60);
        a.join(60_000);
        assertEquals(0, b.exitCode(), b.stderr());
        assertEquals(2, gate.sessions.size());
        for (RecordingGate.Recorder s : gate.sessions) {
            assertTrue(s.awaitClosed(10));
            assertTrue(Math.abs(s.of(TrackType.VIDEO).size() - 60) <= 2, "each got its own 2 s: " + s.of(TrackType.VIDEO).size());
        }
    }

    /**
     * 1080p at 30 fps with a fixed noise pattern at QP 20: 1.4 MB keyframes every second and
     * 100 KB inter frames (about 37 Mbit/s), more than an 8 Mbit/s encoder sends, through the
     * default limits.
     */
    @Test
    void bigKeyframesOf1080pPassUnderTheDefaultBudget() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-t", "3", "-vf", "noise=alls=30:allf=u",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-qp", "20",
                "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/k3y"));
        Ffmpeg.Result r = Ffmpeg.run(args, 90);
        assertEquals(0, r.exitCode(), r.stderr());
        RecordingGate.Recorder s = gate.sessions.get(0);
        assertTrue(s.awaitClosed(10));
        // At this rate FFmpeg leaves our acknowledgements unread and its close resets the
        // connection, so its unpublish may be lost (as before the limits); never a limit's code.
        assertTrue(List.of("S_OK", "MPE_CLIENT_TERMINATED_SESSION").contains(s.resultCode), s.resultCode);
        List<MediaSample> video = s.of(TrackType.VIDEO);
        assertTrue(Math.abs(video.size() - 90) <= 2, "3 s at 30 fps: " + video.size());
        int biggest = video.stream().filter(MediaSample::keyframe).mapToInt(v -> v.data().length).max().orElse(0);
        assertTrue(biggest > 1_000_000, "keyframes over 1 MB went through: " + biggest);
        long peak = server.peakBufferedBytes();
        assertTrue(peak >= biggest && peak <= RtmpLimits.DEFAULT_MAX_BUFFERED, "held at most " + peak);
        assertEquals(0, server.bufferedBytes());
    }

    static int indexOf(List<Object> events, TrackType t, boolean sample) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof MediaSample m && m.type() == t) return i;
        }
        return -1;
    }

    static int indexOfConfig(List<Object> events, TrackType t) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof CodecConfig c && c.type() == t) {
                assertInstanceOf(CodecConfig.class, c);
                return i;
            }
        }
        return -1;
    }
}
