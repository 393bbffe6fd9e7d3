package io.livepipe.media.ts.bench;

import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import io.livepipe.media.mp4.FragmentSamples;
import io.livepipe.media.mp4.InitInfo;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.media.ts.TsMuxer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What remuxing a stored CMAF segment to MPEG-TS costs, as the streaming endpoint does it per
 * TS-HLS segment request: FFmpeg makes 20 s of 640x360 x264 at 600 kb/s in 2-s fragments (what
 * the end-to-end tests publish), each fragment is read and muxed; prints bytes in and out and
 * the mean time per segment after a warm-up. A measurement, not a test: run it by hand with
 * {@code mvn -o -q -pl shared test-compile && java -cp shared/target/classes:shared/target/test-classes io.livepipe.media.ts.bench.TsRemuxMeasure}.
 */
public final class TsRemuxMeasure {
    public static void main(String[] args) throws Exception {
        Path mp4 = Files.createTempFile("ts-remux", ".mp4");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-t", "20", "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-b:v", "600k",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", mp4.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg failed");
        byte[] f = Files.readAllBytes(mp4);
        Files.delete(mp4);
        TrackInfo track = InitInfo.parse(f);
        List<byte[]> segments = new ArrayList<>();
        List<Box> boxes = BoxReader.read(f);
        for (int i = 0; i + 1 < boxes.size(); i++) {
            if (boxes.get(i).type().equals("moof")) {
                segments.add(Arrays.copyOfRange(f, boxes.get(i).offset(), boxes.get(i + 1).offset() + boxes.get(i + 1).size()));
            }
        }
        for (int rep = 0; rep < 60; rep++) for (byte[] s : segments) mux(track, s);
        long in = 0, out = 0;
        int n = 0;
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 100; rep++) {
            for (byte[] s : segments) {
                byte[] ts = mux(track, s);
                if (rep == 0) { in += s.length; out += ts.length; }
                n++;
            }
        }
        long ns = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "event=ts_remux segments=%d cmafBytes=%d tsBytes=%d overhead=%.3f meanMicrosPerSegment=%.1f cmafMBps=%.0f%n",
                segments.size(), in, out, out / (double) in, ns / 1e3 / n, in * 100 / (ns / 1e9) / 1e6);
    }

    static byte[] mux(TrackInfo track, byte[] segment) {
        List<TsMuxer.Sample> samples = new ArrayList<>();
        for (FragmentSamples.Sample s : FragmentSamples.read(segment)) {
            samples.add(new TsMuxer.Sample(90_000 + s.decodeTime(), s.compositionOffset(), s.sync(), s.data()));
        }
        return TsMuxer.segment(track.config(), samples, 0);
    }
}
