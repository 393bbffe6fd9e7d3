package io.livepipe.media.cmaf.bench;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.Fragmenter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fragmenter throughput: one minute of a 5 Mbit/s, 30 fps H.264 + 128 kbit/s AAC contribution
 * through the fragmenter per operation, against copying the same sample bytes once (the
 * reference: no fragmenter can beat a copy). bench/fragmenter.sh prints MB/s and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FragmenterBenchmark {
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final byte[] ASC = {0x11, (byte) 0x90};
    List<MediaSample> samples;
    long bytes;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        samples = new ArrayList<>();
        for (int i = 0; i < 30 * 60; i++) {
            int size = i % 60 == 0 ? 80_000 : 18_000;
            byte[] d = new byte[size];
            r.nextBytes(d);
            d[0] = 0;
            d[1] = (byte) ((size - 4) >> 16);
            d[2] = (byte) ((size - 4) >> 8);
            d[3] = (byte) (size - 4);
            samples.add(new MediaSample(TrackType.VIDEO, i * 1000L / 30, 0, i % 60 == 0, d));
            if (i % 3 == 0) {
                for (int a = 0; a < 2; a++) {
                    byte[] f = new byte[340];
                    r.nextBytes(f);
                    samples.add(new MediaSample(TrackType.AUDIO, (i * 1000L / 30) + a * 21, 0, true, f));
                }
            }
        }
        for (MediaSample s : samples) bytes += s.data().length;
    }

    public long bytes() { return bytes; }

    @Benchmark
    public void fragment(Blackhole bh) {
        Fragmenter f = new Fragmenter(Duration.ofSeconds(2), bh::consume);
        f.config(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC));
        f.config(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, ASC));
        for (MediaSample s : samples) f.sample(s);
        f.flush();
    }

    @Benchmark
    public void copyReference(Blackhole bh) {
        for (MediaSample s : samples) bh.consume(s.data().clone());
    }
}
