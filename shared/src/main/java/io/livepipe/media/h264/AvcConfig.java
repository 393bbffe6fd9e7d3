package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section 5.3.3.1) with what its first SPS
 * says (ITU-T H.264 section 7.3.2.1.1): profile, level, coded size after cropping.
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
        int[] size = Sps.size(sps.get(0));
        return new AvcConfig(r.clone(), r[1] & 0xff, r[2] & 0xff, r[3] & 0xff, nalLength, List.copyOf(sps), List.copyOf(pps),
                size[0], size[1]);
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

    /** The SPS fields that give the picture size. */
    static final class Sps {
        private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

        static int[] size(byte[] nal) {
            if (nal.length < 4 || (nal[0] & 0x1f) != 7) throw new MalformedMediaException("not an SPS NAL unit");
            BitReader br = new BitReader(rbsp(nal));
            int profile = br.u(8);
            br.u(16);
            br.ue();
            int chroma = 1;
            boolean separate = false;
            for (int p : HIGH_PROFILES) {
                if (p == profile) {
                    chroma = br.ue();
                    if (chroma > 3) throw new MalformedMediaException("chroma_format_idc " + chroma);
                    if (chroma == 3) separate = br.flag();
                    br.ue();
                    br.ue();
                    br.u(1);
                    if (br.flag()) {
                        for (int i = 0; i < (chroma == 3 ? 12 : 8); i++) {
                            if (br.flag()) skipScalingList(br, i < 6 ? 16 : 64);
                        }
                    }
                    break;
                }
            }
            br.ue();
            int pocType = br.ue();
            if (pocType == 0) {
                br.ue();
            } else if (pocType == 1) {
                br.u(1);
                br.se();
                br.se();
                int n = br.ue();
                if (n > 255) throw new MalformedMediaException("num_ref_frames_in_pic_order_cnt_cycle " + n);
                for (int i = 0; i < n; i++) br.se();
            }
            br.ue();
            br.u(1);
            int wMbs = br.ue() + 1;
            int hMaps = br.ue() + 1;
            boolean frameMbsOnly = br.flag();
            if (!frameMbsOnly) br.u(1);
            br.u(1);
            int cl = 0, cr = 0, ct = 0, cb = 0;
            if (br.flag()) {
                cl = br.ue();
                cr = br.ue();
                ct = br.ue();
                cb = br.ue();
            }
            int arrayType = separate ? 0 : chroma;
            int cropX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int cropY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
            long width = (long) wMbs * 16 - (long) cropX * (cl + cr);
            long height = (long) (frameMbsOnly ? 1 : 2) * hMaps * 16 - (long) cropY * (ct + cb);
            if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
                throw new MalformedMediaException("SPS picture size " + width + "x" + height + " out of range");
            }
            return new int[] {(int) width, (int) height};
        }

        private static void skipScalingList(BitReader br, int size) {
            int last = 8, next = 8;
            for (int j = 0; j < size; j++) {
                if (next != 0) next = (last + br.se() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }

        /** Removes emulation-prevention bytes (00 00 03 → 00 00), H.264 section 7.4.1. */
        static byte[] rbsp(byte[] nal) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
            int zeros = 0;
            for (int i = 1; i < nal.length; i++) {
                int v = nal[i] & 0xff;
                if (zeros >= 2 && v == 3) {
                    zeros = 0;
                    continue;
                }
                zeros = v == 0 ? zeros + 1 : 0;
                out.write(v);
            }
            return out.toByteArray();
        }
    }
}
