package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;

/**
 * The one parser of an H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1, semantics
 * 7.4.2.1.1): what the slice header layout depends on ({@link SliceHeaders}) and the coded
 * picture size after cropping ({@link AvcConfig}). VUI and what follows the cropping window are
 * not read. Values out of the ranges the standard allows are refused.
 */
record Sps(int id, int profile, boolean separateColourPlane, int chromaArrayType, int log2MaxFrameNum, int pocType,
           int log2MaxPocLsb, boolean deltaPicOrderAlwaysZero, boolean frameMbsOnly, int width, int height) {
    /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (section 7.3.2.1.1). */
    private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};
    static final int MAX_SIZE = 16384;

    /** The SPS NAL unit at {@code [off, off + len)} of {@code b}, starting with its NAL header byte. */
    static Sps parse(byte[] b, int off, int len) {
        if (len < 4 || (b[off] & 0x1f) != 7) throw new MalformedMediaException("not an SPS NAL unit");
        BitReader r = new BitReader(b, off + 1, off + len);
        int profile = r.u(8);
        r.u(16);
        int id = r.ue();
        if (id > 31) throw new MalformedMediaException("seq_parameter_set_id " + id);
        int chroma = 1;
        boolean separate = false;
        for (int p : HIGH_PROFILES) {
            if (p != profile) continue;
            chroma = r.ue();
            if (chroma > 3) throw new MalformedMediaException("chroma_format_idc " + chroma);
            if (chroma == 3) separate = r.flag();
            r.ue();
            r.ue();
            r.u(1);
            if (r.flag()) {
                for (int i = 0; i < (chroma == 3 ? 12 : 8); i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
            }
            break;
        }
        int log2MaxFrameNum = r.ue() + 4;
        int pocType = r.ue();
        int log2MaxPocLsb = 0;
        boolean alwaysZero = false;
        if (pocType == 0) {
            log2MaxPocLsb = r.ue() + 4;
        } else if (pocType == 1) {
            alwaysZero = r.flag();
            r.se();
            r.se();
            int n = r.ue();
            if (n > 255) throw new MalformedMediaException("num_ref_frames_in_pic_order_cnt_cycle " + n);
            for (int i = 0; i < n; i++) r.se();
        } else if (pocType != 2) {
            throw new MalformedMediaException("pic_order_cnt_type " + pocType);
        }
        if (log2MaxFrameNum > 16 || log2MaxPocLsb > 16) throw new MalformedMediaException("SPS frame_num/POC sizes out of range");
        r.ue();
        r.u(1);
        int wMbs = r.ue() + 1;
        int hMaps = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) r.u(1);
        r.u(1);
        int cl = 0, cr = 0, ct = 0, cb = 0;
        if (r.flag()) {
            cl = r.ue();
            cr = r.ue();
            ct = r.ue();
            cb = r.ue();
        }
        int arrayType = separate ? 0 : chroma;
        int cropX = arrayType == 0 || arrayType == 3 ? 1 : 2;
        int cropY = (arrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
        long width = (long) wMbs * 16 - (long) cropX * (cl + cr);
        long height = (long) (frameMbsOnly ? 1 : 2) * hMaps * 16 - (long) cropY * (ct + cb);
        if (width <= 0 || height <= 0 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new MalformedMediaException("SPS picture size " + width + "x" + height + " out of range");
        }
        return new Sps(id, profile, separate, arrayType, log2MaxFrameNum, pocType, log2MaxPocLsb, alwaysZero, frameMbsOnly,
                (int) width, (int) height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }
}
