package io.livepipe.media.cenc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;

/**
 * Why in-place encryption writes each byte ahead of where it was read: the JDK's AES-CTR over 1 MB
 * in 6 kB runs (one {@code Cipher.init} each, as a segment's samples get) into a new array, in
 * place at the same offsets (the cipher then copies each run's input first), in place 64 bytes
 * ahead, into a reused array, through a small scratch copied back, and into a reused array with
 * one init for the whole MB. Prints the CPU µs per MB of each, two rounds:
 * {@code java -cp ... io.livepipe.media.cenc.bench.CipherOverlapMeasure}.
 */
@Tag("benchmark")
public final class CipherOverlapMeasure {
    static final int RUN = 6000;
    static final int BLOCKS = RUN / 16 * 16;
    static final int SHIFT = 64;

    private final byte[] data = new byte[1_000_000];
    private final byte[] reused = new byte[data.length];
    private final byte[] iv = new byte[16];
    private final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
    private final Cipher ctr;

    private CipherOverlapMeasure() throws GeneralSecurityException {
        new Random(1).nextBytes(data);
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
    }

    private interface Op { int run() throws GeneralSecurityException; }

    /** Every run of the MB from {@code first}, each from its own IV, from {@code data} into {@code out} at {@code shift} bytes off. */
    private int runs(int first, byte[] out, int shift, boolean initEach, byte[] scratch) throws GeneralSecurityException {
        int n = 0;
        if (!initEach) ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        for (int p = first; p + RUN <= data.length; p += RUN) {
            if (initEach) {
                iv[15] = (byte) p;
                ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            }
            if (scratch == null) {
                n += ctr.update(data, p, BLOCKS, out, p + shift);
            } else {
                n += ctr.update(data, p, BLOCKS, scratch, 0);
                System.arraycopy(scratch, 0, data, p, BLOCKS);
            }
        }
        return n;
    }

    public static void main(String[] args) throws GeneralSecurityException {
        CipherOverlapMeasure m = new CipherOverlapMeasure();
        byte[] scratch = new byte[RUN];
        String[] names = {"new array", "in place, same offsets", "in place, 64 bytes ahead", "reused array", "scratch copied back",
            "reused array, one init"};
        Op[] ops = {
            () -> m.runs(0, new byte[m.data.length], 0, true, null),
            () -> m.runs(0, m.data, 0, true, null),
            () -> m.runs(SHIFT, m.data, -SHIFT, true, null),
            () -> m.runs(0, m.reused, 0, true, null),
            () -> m.runs(0, null, 0, true, scratch),
            () -> m.runs(0, m.reused, 0, false, null),
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < ops.length; i++) {
                long start = mx.getCurrentThreadCpuTime();
                int n = 0;
                while (mx.getCurrentThreadCpuTime() - start < 1_500_000_000L) {
                    sink += ops[i].run();
                    n++;
                }
                System.out.printf(Locale.ROOT, "%s: %.1f us CPU per MB%n", names[i], (mx.getCurrentThreadCpuTime() - start) / 1000.0 / n);
            }
        }
        if (sink == 42) System.out.println();
    }
}
