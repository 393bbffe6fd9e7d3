package io.livepipe.media.aac;

import io.livepipe.media.MalformedMediaException;

/**
 * An AudioSpecificConfig (ISO/IEC 14496-3 section 1.6.2.1): object type, sampling rate and
 * channel configuration. AAC frames carry 1024 samples.
 */
public record AacConfig(byte[] config, int objectType, int sampleRate, int channels) {
    public static final int SAMPLES_PER_FRAME = 1024;
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    /** The RFC 6381 codecs string, e.g. {@code mp4a.40.2}. */
    public String codecsString() { return "mp4a.40." + objectType; }

    public static AacConfig parse(byte[] c) {
        if (c.length < 2) throw new MalformedMediaException("AudioSpecificConfig shorter than 2 bytes");
        long bits = 0;
        int n = Math.min(c.length, 7);
        for (int i = 0; i < n; i++) bits = (bits << 8) | (c[i] & 0xff);
        int total = n * 8;
        int pos = 0;
        int ot = (int) field(bits, total, pos, 5);
        pos += 5;
        if (ot == 31) {
            ot = 32 + (int) field(bits, total, pos, 6);
            pos += 6;
        }
        int fi = (int) field(bits, total, pos, 4);
        pos += 4;
        int rate;
        if (fi == 15) {
            rate = (int) field(bits, total, pos, 24);
            pos += 24;
        } else if (fi < RATES.length) {
            rate = RATES[fi];
        } else {
            throw new MalformedMediaException("reserved sampling frequency index " + fi);
        }
        int channels = (int) field(bits, total, pos, 4);
        if (rate <= 0 || rate > 192000) throw new MalformedMediaException("sampling rate " + rate + " out of range");
        if (ot == 0) throw new MalformedMediaException("audio object type 0");
        return new AacConfig(c.clone(), ot, rate, channels == 7 ? 8 : channels);
    }

    private static long field(long bits, int total, int pos, int width) {
        if (pos + width > total) throw new MalformedMediaException("AudioSpecificConfig truncated at bit " + pos);
        return (bits >>> (total - pos - width)) & ((1L << width) - 1);
    }
}
