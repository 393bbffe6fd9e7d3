package io.livepipe.encoder.bench;

import io.livepipe.channel.Ladder;
import io.livepipe.encoder.ladder.FfmpegLadderCommand;
import io.livepipe.encoder.ladder.LadderEncoder;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.flv.FlvReader;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.storage.FileBlobStore;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two sides of bench/ladder-overhead.sh. {@code command IN.flv OUTDIR WIDTH HEIGHT} prints
 * the FFmpeg ladder command reading a file and writing files (FFmpeg alone);
 * {@code livepipe IN.flv OUTDIR} runs the same ladder through {@link LadderEncoder} — input fed
 * as fast as FFmpeg takes it, rungs read back, fragmented and stored — and exits when the
 * last segment is written.
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
        FileBlobStore store = new FileBlobStore(out, "media", EventPublisher.none(), Clock.systemUTC());
        LadderEncoder l = new LadderEncoder(store, "bench", "run", Ladder.DEFAULT_720P, Duration.ofSeconds(2), PRESET, code -> { });
        for (FlvTag t : tags) {
            if (t instanceof FlvTag.Config c) l.config(c.config());
            if (t instanceof FlvTag.Sample s) l.feed(s.sample());
        }
        l.disconnected();
        if (!l.awaitFinished(Duration.ofMinutes(10))) throw new IllegalStateException("the ladder did not finish");
        long segments;
        try (var files = Files.walk(out)) {
            segments = files.filter(f -> f.toString().endsWith(".m4s")).count();
        }
        System.out.println("segments=" + segments);
    }
}
