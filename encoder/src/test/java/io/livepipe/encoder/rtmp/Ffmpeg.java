package io.livepipe.encoder.rtmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real FFmpeg as an RTMP publisher, bounded in time. */
final class Ffmpeg {
    private Ffmpeg() { }

    /** A test pattern with a tone: H.264 with B-frames, AAC at 48 kHz, declared bitrates. */
    static List<String> publishArgs(double seconds, String url) {
        return new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-t", Double.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-bf", "2", "-x264-params", "bframes=2:b-adapt=0:rc-lookahead=0:sync-lookahead=0:sliced-threads=0",
                "-g", "60", "-b:v", "400k", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url));
    }

    record Result(int exitCode, String stderr) { }

    static Result run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        Path err = Files.createTempFile("ffmpeg", ".log");
        Process p = new ProcessBuilder(args).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Result(-1, "timed out; " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(err));
    }
}
