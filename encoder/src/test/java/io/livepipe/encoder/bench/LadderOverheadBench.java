package io.livepipe.encoder.bench;

import io.livepipe.channel.Ladder;
import io.livepipe.encoder.ladder.FfmpegLadderCommand;
import io.livepipe.encoder.ladder.LadderEncoder;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.flv.FlvReader;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.storage.FileBlobStore;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two sides of bench/ladder-overhead.sh. {@code command IN.flv OUTDIR WIDTH HEIGHT} prints
 * the FFmpeg ladder command reading a file and writing files (FFmpeg alone);
 * {@code livepipe IN.flv OUTDIR} runs the same ladder through {@link LadderEncoder} — input fed
 * as fast as FFmpeg takes it, rungs read back, fragmented and stored — and exits when the
 * last segment is written.
 *
 * <p>The livepipe side runs the ladder three times in one JVM and measures only the last run: the
 * encoder service is a long-running process, so its class loading and JIT warm-up belong to no
 * channel. The first (cold) run's figures are printed too. CPU is this process's user+system
 * time plus that of its reaped children (FFmpeg), read from {@code /proc/self/stat}, so it
 * counts exactly what {@code /usr/bin/time} counts for the FFmpeg-alone side.
 */
public final class LadderOverheadBench {
    static final String PRESET = "ultrafast";

    private LadderOverheadBench() { }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        if (args[0].equals("command")) {
            Ladder ladder = Ladder.DEFAULT_720P.forInput(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            List<Path> outputs = new ArrayList<>();
            for (int i = 0; i < ladder.rungs().size(); i++) outputs.add(out.resolve("rung" + i + ".flv"));
            for (String a : FfmpegLadderCommand.build(ladder, Duration.ofSeconds(2), outputs, PRESET)) {
                System.out.println(a.equals("pipe:0") ? in.toString() : a);
            }
            return;
        }
        List<FlvTag> tags = new ArrayList<>();
        try (FileInputStream s = new FileInputStream(in.toFile())) {
            FlvReader r = new FlvReader(s);
            for (FlvTag t; (t = r.next()) != null; ) tags.add(t);
        }
        String cold = run(tags, out.resolve("cold"));
        run(tags, out.resolve("warming"));
        String warm = run(tags, out.resolve("warm"));
        System.out.println(warm + " cold_" + cold.replace(" ", " cold_"));
    }

    /** One ladder run of {@code tags} into {@code out}: "wall_s=… cpu_s=… jvm_cpu_s=… segments=…" (cpu_s includes FFmpeg's). */
    private static String run(List<FlvTag> tags, Path out) throws Exception {
        long t0 = System.nanoTime();
        long[] c0 = cpuTicks();
        FileBlobStore store = new FileBlobStore(out, "media", EventPublisher.none(), Clock.systemUTC());
        LadderEncoder l = new LadderEncoder(store, "bench", "run", Ladder.DEFAULT_720P, Duration.ofSeconds(2), PRESET, code -> { });
        for (FlvTag t : tags) {
            if (t instanceof FlvTag.Config c) l.config(c.config());
            if (t instanceof FlvTag.Sample s) l.feed(s.sample());
        }
        l.disconnected();
        if (!l.awaitFinished(Duration.ofMinutes(10))) throw new IllegalStateException("the ladder did not finish");
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] c1 = cpuTicks();
        double jvm = (c1[0] - c0[0]) / 100.0;
        double cpu = jvm + (c1[1] - c0[1]) / 100.0;
        long segments;
        try (var files = Files.walk(out)) {
            segments = files.filter(f -> f.toString().endsWith(".m4s")).count();
        }
        return String.format(Locale.ROOT, "wall_s=%.2f cpu_s=%.2f jvm_cpu_s=%.2f segments=%d", wall, cpu, jvm, segments);
    }

    /** {utime+stime, cutime+cstime} of this process: its own CPU and its reaped children's, in clock ticks (USER_HZ, 100 on Linux). */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: state is field 3, so utime (14) … cstime (17) are f[11] … f[14].
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }
}
