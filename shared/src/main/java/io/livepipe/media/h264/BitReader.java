package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;

/** Reads bits and Exp-Golomb codes (ITU-T H.264 section 9.1) from an RBSP. */
final class BitReader {
    private final byte[] b;
    private long bit;

    BitReader(byte[] b) { this.b = b; }

    int u(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (bit >= (long) b.length * 8) throw new MalformedMediaException("SPS truncated at bit " + bit);
            v = (v << 1) | ((b[(int) (bit >> 3)] >> (7 - (bit & 7))) & 1);
            bit++;
        }
        return v;
    }

    boolean flag() { return u(1) == 1; }

    int ue() {
        int zeros = 0;
        while (u(1) == 0) {
            if (++zeros > 31) throw new MalformedMediaException("Exp-Golomb code longer than 32 bits at bit " + bit);
        }
        long v = (1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros) & 0xffffffffL);
        if (v > Integer.MAX_VALUE) throw new MalformedMediaException("Exp-Golomb value out of range at bit " + bit);
        return (int) v;
    }

    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
