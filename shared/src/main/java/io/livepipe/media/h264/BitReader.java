package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;

/**
 * The one reader of H.264 syntax elements: fixed-width bits and Exp-Golomb codes (ITU-T H.264
 * sections 7.2 and 9.1) from a NAL unit payload as stored, skipping emulation-prevention bytes
 * (00 00 03, section 7.4.1) on the way, so {@link #bytesConsumed} counts stored bytes. Every read
 * is bounded by the NAL unit's end; a code longer than 32 bits or past the end is a
 * {@link MalformedMediaException}. No copy of the payload is made.
 */
final class BitReader {
    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;
    private int bit;
    private int zeros;
    private int cur;

    /** Reads {@code [start, end)} of {@code b}: a NAL unit's payload, after its header byte. */
    BitReader(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.pos = start - 1;
        this.bit = 8;
    }

    private int next() {
        if (bit == 8) {
            pos++;
            if (pos >= end) throw new MalformedMediaException("NAL unit truncated at byte " + (pos - start));
            int v = b[pos] & 0xff;
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                pos++;
                if (pos >= end) throw new MalformedMediaException("NAL unit truncated after an emulation-prevention byte");
                v = b[pos] & 0xff;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            cur = v;
            bit = 0;
        }
        return (cur >> (7 - bit++)) & 1;
    }

    int u(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | next();
        return v;
    }

    boolean flag() { return next() == 1; }

    int ue() {
        int lead = 0;
        while (next() == 0) {
            if (++lead > 31) throw new MalformedMediaException("Exp-Golomb code longer than 32 bits");
        }
        long v = (1L << lead) - 1 + (lead == 0 ? 0 : u(lead) & 0xffffffffL);
        if (v > Integer.MAX_VALUE) throw new MalformedMediaException("Exp-Golomb value out of range");
        return (int) v;
    }

    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** Stored bytes read so far, the partly read one included. */
    int bytesConsumed() { return pos - start + 1; }
}
