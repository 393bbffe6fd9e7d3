package io.livepipe.media.h264;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1) from parameter
 * sets found in-band (an Annex B stream), with 4-byte NAL lengths; profile, compatibility and
 * level are the first SPS's. {@link AvcConfig#parse} reads it back and checks the SPS.
 */
public final class AvcRecords {
    private AvcRecords() { }

    public static byte[] of(List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty() || pps.isEmpty()) throw new IllegalArgumentException("an AVC record needs an SPS and a PPS");
        byte[] first = sps.get(0);
        if (first.length < 4) throw new io.livepipe.media.MalformedMediaException("SPS of " + first.length + " bytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(first[1]);
        out.write(first[2]);
        out.write(first[3]);
        out.write(0xff);
        out.write(0xe0 | sps.size());
        for (byte[] s : sps) set(out, s);
        out.write(pps.size());
        for (byte[] p : pps) set(out, p);
        return out.toByteArray();
    }

    private static void set(ByteArrayOutputStream out, byte[] s) {
        out.write(s.length >>> 8);
        out.write(s.length);
        out.writeBytes(s);
    }
}
