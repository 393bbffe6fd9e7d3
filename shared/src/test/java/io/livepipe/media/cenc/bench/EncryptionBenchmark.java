package io.livepipe.media.cenc.bench;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.TrackType;
import io.livepipe.media.cenc.CmafEncryption;
import io.livepipe.media.cenc.ProtectedFragment;
import io.livepipe.media.cenc.ClearTrackHeader;
import io.livepipe.media.cenc.Scheme;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.TrackInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * On-the-fly segment encryption: one 2 s CMAF video fragment of 4 Mbit/s (25 fps, a 90 kB IDR
 * then 49 slices of about 18 kB, each sample an SEI and 3 slices as x264 writes with slices=3)
 * through {@link CmafEncryption#encryptSegmentInPlace} per operation — what the streaming
 * endpoint's zero-copy hosts run on each segment they read — with the header parsed once as the
 * streaming endpoint caches it. Each operation gets its own clear copy, as each request reads one
 * from the store; that copy stands for the read and is not timed (JMH: a per-invocation setup;
 * {@link #main}: the thread's CPU time around the call alone). bench/encryption.sh prints MB/s of
 * segment bytes and the ratio to {@code openssl speed -evp} measured in the same run.
 */
@Tag("benchmark")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncryptionBenchmark {
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final byte[] KID = HexFormat.of().parseHex("a7e61c373e219033c21091fa607bf3b8");
    ClearTrackHeader track;
    byte[] segment;
    /** The clear segment as a fresh read gives it, consumed by each operation. */
    byte[] work;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        List<CmafWriter.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int size = i == 0 ? 90_000 : 18_000;
            ByteBuffer b = ByteBuffer.allocate(size + 64);
            b.putInt(5).put(new byte[] {0x06, 0x05, 0x01, 0x00, (byte) 0x80});
            for (int s = 0; s < 3; s++) {
                byte[] nal = new byte[size / 3];
                r.nextBytes(nal);
                // An IDR slice header the benchmark's PPS parses in 3 bytes (see CmafEncryptionTest.idr).
                nal[0] = 0x65;
                nal[1] = (byte) 0b10001000;
                nal[2] = (byte) 0b10000100;
                nal[3] = (byte) 0b00000001;
                b.putInt(nal.length).put(nal);
            }
            byte[] data = new byte[b.position()];
            b.flip().get(data);
            samples.add(new CmafWriter.Sample(3600, 0, i == 0, data));
        }
        segment = CmafWriter.fragment(TrackType.VIDEO, 1, 0, samples);
        track = ClearTrackHeader.of(CmafWriter.init(TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC))));
        work = segment.clone();
    }

    /** A clear copy for the next operation: what reading the segment from the store gives. */
    @Setup(Level.Invocation)
    public void read() { System.arraycopy(segment, 0, work, 0, segment.length); }

    public int bytes() { return segment.length; }

    /** The clear segment ({@link #setUp} first), for tests that want a realistic one. */
    public byte[] clearSegment() { return segment.clone(); }

    /** Its clear header, parsed. */
    public ClearTrackHeader track() { return track; }

    @Benchmark
    public ProtectedFragment cenc() {
        return CmafEncryption.encryptSegmentInPlace(track, work, Scheme.CENC, KEY, KID, 0);
    }

    @Benchmark
    public ProtectedFragment cbcs() {
        return CmafEncryption.encryptSegmentInPlace(track, work, Scheme.CBCS, KEY, KID, 0);
    }

    private static javax.crypto.Cipher ctr() {
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                    new javax.crypto.spec.IvParameterSpec(new byte[16]));
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Prints the segment's size for bench/encryption.sh; with the argument {@code cpu}, the
     * median CPU microseconds of this thread per cenc segment over 7 rounds of at least 0.5 s of
     * CPU each, after 3 s of warm-up: a figure other load on the machine does not inflate, to set
     * beside {@code openssl speed}'s own CPU-time figure; with {@code cpu-copy}, the same for
     * {@link CmafEncryption#encryptSegment} into a new array (the Functions path, and the
     * streaming endpoint's before segments were encrypted in place); with {@code cpu-jdk}, the
     * same for the JDK's AES-CTR alone over as many bytes in one call, the ceiling of any Java
     * cenc; with {@code cpu-cbcs}, the in-place cbcs segment. Each operation's CPU time is read around the call, so the fresh clear copy each
     * in-place operation starts from (the store's read) is not counted.
     */
    public static void main(String[] args) {
        EncryptionBenchmark b = new EncryptionBenchmark();
        b.setUp();
        if (args.length == 0) {
            System.out.println(b.bytes());
            return;
        }
        Runnable before = b::read;
        java.util.function.IntSupplier op = () -> b.cenc().length();
        if (args[0].equals("cpu-cbcs")) {
            op = () -> b.cbcs().length();
        } else if (args[0].equals("cpu-copy")) {
            before = () -> { };
            op = () -> CmafEncryption.encryptSegment(b.track, b.segment, Scheme.CENC, KEY, KID, 0).length;
        } else if (args[0].equals("cpu-jdk")) {
            before = () -> { };
            op = jdkCtr(b.segment);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        long until = mx.getCurrentThreadCpuTime() + 3_000_000_000L;
        while (mx.getCurrentThreadCpuTime() < until) {
            before.run();
            sink += op.getAsInt();
        }
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long spent = 0;
            int n = 0;
            while (spent < 500_000_000L) {
                before.run();
                long start = mx.getCurrentThreadCpuTime();
                sink += op.getAsInt();
                spent += mx.getCurrentThreadCpuTime() - start;
                n++;
            }
            rounds[r] = spent / 1000.0 / n;
        }
        java.util.Arrays.sort(rounds);
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", rounds[rounds.length / 2] + (sink == 42 ? 1 : 0));
    }

    /** The ceiling: the JDK's AES-CTR over as many bytes as the segment in one update call into a reused array. */
    private static java.util.function.IntSupplier jdkCtr(byte[] segment) {
        javax.crypto.Cipher c = ctr();
        byte[] out = new byte[segment.length];
        // C2 compiles the counter-mode loop with its AES intrinsic only once it has been
        // called often enough; one long call per operation would run on the interpreter.
        try {
            for (int i = 0; i < 50_000; i++) c.update(segment, 0, 4096, out, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return () -> {
            try {
                return c.update(segment, 0, segment.length, out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
