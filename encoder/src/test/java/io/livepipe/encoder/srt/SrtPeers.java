package io.livepipe.encoder.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real SRT callers of the tests: FFmpeg, srt-live-transmit (fed by FFmpeg) and GStreamer's srtsink. */
final class SrtPeers {
    private SrtPeers() { }

    /** A contribution of {@code seconds} as a transport stream: H.264 with B-frames and 2 s GOPs, AAC at 48 kHz. */
    static Path source(Path dir, double seconds) throws Exception {
        Path ts = dir.resolve("source-" + seconds + ".ts");
        if (Files.exists(ts)) return ts;
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000", "-t", Double.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "60", "-b:v", "500k", "-c:a", "aac", "-b:a", "64k",
                "-f", "mpegts", ts.toString()), 60);
        return ts;
    }

    /** FFmpeg as the SRT caller, sending {@code source} at its pace; {@code query} e.g. {@code streamid=KEY&passphrase=...}. */
    static Process ffmpeg(Path source, int port, String query) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", source.toString(), "-c", "copy",
                "-f", "mpegts", "srt://127.0.0.1:" + port + "?" + query).redirectErrorStream(true).start();
    }

    /** srt-live-transmit as the SRT caller, relaying what FFmpeg pipes into it at the source's pace. */
    static Process srtLiveTransmit(Path source, int port, String query) throws Exception {
        String cmd = "ffmpeg -hide_banner -loglevel error -re -i '" + source + "' -c copy -f mpegts - | exec srt-live-transmit -q -a:no "
                + "file://con 'srt://127.0.0.1:" + port + "?" + query + "'";
        return new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
    }

    /** GStreamer encoding and muxing its own test pattern and tone live (mpegtsmux), sent by srtsink. */
    static Process gstreamer(int port, String streamId, double seconds) throws Exception {
        int frames = (int) Math.round(seconds * 30);
        int audioBuffers = (int) Math.round(seconds * 48000 / 1024);
        String uri = "srt://127.0.0.1:" + port + "?streamid=" + streamId;
        return new ProcessBuilder("gst-launch-1.0", "-q", "-e",
                "videotestsrc", "is-live=true", "num-buffers=" + frames, "!", "video/x-raw,width=320,height=180,framerate=30/1", "!",
                "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=60", "bitrate=500", "!", "h264parse", "!",
                "mpegtsmux", "name=mux", "alignment=7", "!", "srtsink", "uri=" + uri, "wait-for-connection=false",
                "audiotestsrc", "is-live=true", "num-buffers=" + audioBuffers, "samplesperbuffer=1024", "!",
                "audio/x-raw,rate=48000,channels=2", "!", "audioconvert", "!", "avenc_aac", "!", "aacparse", "!", "mux.")
                .redirectErrorStream(true).start();
    }

    /**
     * Waits for the publisher (and what its shell pipes into it) to end, at most {@code seconds};
     * one still running then is ended, with everything it started. Its output.
     */
    static String finish(Process p, long seconds) throws Exception {
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return "";
            }
        });
        boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
        end(p);
        String text = out.get(10, TimeUnit.SECONDS);
        if (!ended) throw new AssertionError("the publisher did not finish: " + text);
        return text;
    }

    /** Ends a publisher and every process it started (a shell's pipeline), by their ids. */
    static void end(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    static String run(List<String> cmd, long seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = finish(p, seconds);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static void assertInstalled() {
        for (String tool : List.of("ffmpeg", "srt-live-transmit", "gst-launch-1.0")) {
            assertTrue(Files.exists(Path.of("/usr/bin", tool)), tool + " is installed (./livepipe setup installs it)");
        }
    }
}
