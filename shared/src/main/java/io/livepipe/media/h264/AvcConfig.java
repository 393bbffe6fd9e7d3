package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1) with what its first SPS
 * says ({@link Sps}, ITU-T H.264 section 7.3.2.1.1): profile, level, coded size after cropping.
 */
public record AvcConfig(byte[] record, int profile, int compatibility, int level, int nalLengthSize,
                        List<byte[]> sps, List<byte[]> pps, int width, int height) {
    /** Parameter sets longer than this, or more of them, are refused. */
    public static final int MAX_PARAMETER_SET = 4096;
    public static final int MAX_PARAMETER_SETS = 32;

    /** The RFC 6381 codecs string, e.g. {@code avc1.64001F}. */
    public String codecsString() {
        return String.format("avc1.%02X%02X%02X", profile, compatibility, level);
    }

    public static AvcConfig parse(byte[] r) {
        if (r.length < 7) throw new MalformedMediaException("AVCDecoderConfigurationRecord shorter than 7 bytes");
        if (r[0] != 1) throw new MalformedMediaException("AVCDecoderConfigurationRecord version " + r[0]);
        int pos = 5;
        int nalLength = (r[4] & 3) + 1;
        if (nalLength == 3) throw new MalformedMediaException("NAL length size of 3 bytes");
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        int nSps = r[pos++] & 0x1f;
        pos = sets(r, pos, nSps, sps, "SPS");
        if (pos >= r.length) throw new MalformedMediaException("AVCDecoderConfigurationRecord ends before its PPS count");
        int nPps = r[pos++] & 0xff;
        sets(r, pos, nPps, pps, "PPS");
        if (sps.isEmpty()) throw new MalformedMediaException("AVCDecoderConfigurationRecord without an SPS");
        byte[] first = sps.get(0);
        Sps s = Sps.parse(first, 0, first.length);
        return new AvcConfig(r.clone(), r[1] & 0xff, r[2] & 0xff, r[3] & 0xff, nalLength, List.copyOf(sps), List.copyOf(pps),
                s.width(), s.height());
    }

    private static int sets(byte[] r, int pos, int n, List<byte[]> into, String what) {
        if (n > MAX_PARAMETER_SETS) throw new MalformedMediaException("more than " + MAX_PARAMETER_SETS + " " + what);
        for (int i = 0; i < n; i++) {
            if (r.length - pos < 2) throw new MalformedMediaException(what + " length truncated at " + pos);
            int len = ((r[pos] & 0xff) << 8) | (r[pos + 1] & 0xff);
            pos += 2;
            if (len == 0 || len > MAX_PARAMETER_SET || len > r.length - pos) {
                throw new MalformedMediaException(what + " of " + len + " bytes at " + pos + " does not fit");
            }
            byte[] s = new byte[len];
            System.arraycopy(r, pos, s, 0, len);
            into.add(s);
            pos += len;
        }
        return pos;
    }
}
