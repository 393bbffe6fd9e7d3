package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;
import java.util.List;

/**
 * How many bytes of an H.264 slice NAL unit its NAL header and slice header occupy (ITU-T
 * H.264 section 7.3.3, with the SPS and PPS fields of sections 7.3.2.1.1 and 7.3.2.2 that
 * decide its layout), counted in the NAL unit as stored, emulation-prevention bytes included.
 * Common encryption needs it: new content should leave slice headers clear (ISO/IEC 23001-7:2016
 * section 9.5.2.2), CMAF's {@code cbcs} starts the protected part on the first byte after the
 * slice header, and some players find that boundary from the slice header, not the subsample
 * map. Built once per decoder configuration; {@link #copy} before feeding in-band parameter
 * sets, so a shared instance stays unchanged. Left out: slice groups (FMO, baseline's ASO/FMO tools) and MVC/SVC extension NAL units, which
 * are refused.
 */
public final class SliceHeaders {
    private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};
    /** Bounds on the loops of a slice header, whatever the stream claims. */
    private static final int MAX_LOOP = 64;

    private record Sps(boolean separateColourPlane, int chromaArrayType, int log2MaxFrameNum, int pocType,
                       int log2MaxPocLsb, boolean deltaPicOrderAlwaysZero, boolean frameMbsOnly) { }

    private record Pps(int spsId, boolean cabac, boolean bottomFieldPicOrder, int refIdxL0, int refIdxL1,
                       boolean weightedPred, int weightedBipred, boolean deblockingControl, boolean redundantPicCnt) { }

    private final Sps[] sps = new Sps[32];
    private final Pps[] pps = new Pps[256];

    private SliceHeaders() { }

    /** From the parameter sets of an AVCDecoderConfigurationRecord. */
    public static SliceHeaders of(AvcConfig config) {
        return of(config.sps(), config.pps());
    }

    public static SliceHeaders of(List<byte[]> spsNals, List<byte[]> ppsNals) {
        SliceHeaders h = new SliceHeaders();
        for (byte[] s : spsNals) h.sps(s, 0, s.length);
        for (byte[] p : ppsNals) h.pps(p, 0, p.length);
        return h;
    }

    /** An independent copy, for a caller that will feed it in-band parameter sets. */
    public SliceHeaders copy() {
        SliceHeaders h = new SliceHeaders();
        System.arraycopy(sps, 0, h.sps, 0, sps.length);
        System.arraycopy(pps, 0, h.pps, 0, pps.length);
        return h;
    }

    /** Takes an SPS or PPS met in-band (NAL types 7 and 8), as a decoder would. */
    public void parameterSet(byte[] b, int off, int len) {
        if (len < 2) throw new MalformedMediaException("parameter set NAL unit of " + len + " bytes");
        int type = b[off] & 0x1f;
        if (type == 7) sps(b, off, len);
        if (type == 8) pps(b, off, len);
    }

    private void sps(byte[] b, int off, int len) {
        Bits r = new Bits(b, off + 1, off + len);
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
            if (chroma == 3) separate = r.u(1) == 1;
            r.ue();
            r.ue();
            r.u(1);
            if (r.u(1) == 1) {
                for (int i = 0; i < (chroma == 3 ? 12 : 8); i++) if (r.u(1) == 1) skipScalingList(r, i < 6 ? 16 : 64);
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
            alwaysZero = r.u(1) == 1;
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
        r.ue();
        r.ue();
        boolean frameMbsOnly = r.u(1) == 1;
        sps[id] = new Sps(separate, separate ? 0 : chroma, log2MaxFrameNum, pocType, log2MaxPocLsb, alwaysZero, frameMbsOnly);
    }

    private void pps(byte[] b, int off, int len) {
        Bits r = new Bits(b, off + 1, off + len);
        int id = r.ue();
        int spsId = r.ue();
        if (id > 255 || spsId > 31) throw new MalformedMediaException("PPS ids " + id + "/" + spsId + " out of range");
        boolean cabac = r.u(1) == 1;
        boolean bottom = r.u(1) == 1;
        if (r.ue() != 0) throw new MalformedMediaException("PPS with slice groups (FMO) is not supported");
        int l0 = r.ue() + 1;
        int l1 = r.ue() + 1;
        if (l0 > 32 || l1 > 32) throw new MalformedMediaException("num_ref_idx_default_active out of range");
        boolean weighted = r.u(1) == 1;
        int bipred = r.u(2);
        r.se();
        r.se();
        r.se();
        boolean deblocking = r.u(1) == 1;
        r.u(1);
        boolean redundant = r.u(1) == 1;
        pps[id] = new Pps(spsId, cabac, bottom, l0, l1, weighted, bipred, deblocking, redundant);
    }

    /**
     * The bytes of the NAL unit at {@code [off, off+len)} (starting with its NAL header byte,
     * without the length prefix) that hold the NAL header and the slice header, rounded up to
     * a whole byte (and past the CABAC alignment bits, which end on a byte).
     */
    public int headerSize(byte[] b, int off, int len) {
        if (len < 2) throw new MalformedMediaException("slice NAL unit of " + len + " bytes");
        int nalRefIdc = (b[off] >> 5) & 3;
        int nalType = b[off] & 0x1f;
        if (nalType != 1 && nalType != 5) throw new MalformedMediaException("NAL type " + nalType + " is not a slice");
        Bits r = new Bits(b, off + 1, off + len);
        r.ue();
        int rawSliceType = r.ue();
        // slice_type is 0..9, 5..9 meaning the same types as 0..4 for every slice of the picture (H.264 table 7-6)
        if (rawSliceType > 9) throw new MalformedMediaException("slice_type " + rawSliceType + " out of range");
        int sliceType = rawSliceType % 5;
        int ppsId = r.ue();
        Pps p = ppsId < 256 ? pps[ppsId] : null;
        if (p == null) throw new MalformedMediaException("slice refers to unknown PPS " + ppsId);
        Sps s = sps[p.spsId];
        if (s == null) throw new MalformedMediaException("PPS refers to unknown SPS " + p.spsId);
        boolean isP = sliceType == 0 || sliceType == 3;
        boolean isB = sliceType == 1;
        if (s.separateColourPlane) r.u(2);
        r.u(s.log2MaxFrameNum);
        boolean field = false;
        if (!s.frameMbsOnly) {
            field = r.u(1) == 1;
            if (field) r.u(1);
        }
        if (nalType == 5) r.ue();
        if (s.pocType == 0) {
            r.u(s.log2MaxPocLsb);
            if (p.bottomFieldPicOrder && !field) r.se();
        }
        if (s.pocType == 1 && !s.deltaPicOrderAlwaysZero) {
            r.se();
            if (p.bottomFieldPicOrder && !field) r.se();
        }
        if (p.redundantPicCnt) r.ue();
        if (isB) r.u(1);
        int l0 = p.refIdxL0;
        int l1 = p.refIdxL1;
        if (isP || isB) {
            if (r.u(1) == 1) {
                l0 = r.ue() + 1;
                if (isB) l1 = r.ue() + 1;
                if (l0 > 32 || l1 > 32) throw new MalformedMediaException("num_ref_idx_active out of range");
            }
        }
        if (sliceType != 2 && sliceType != 4) refPicListModification(r);
        if (isB) refPicListModification(r);
        if ((p.weightedPred && isP) || (p.weightedBipred == 1 && isB)) {
            r.ue();
            if (s.chromaArrayType != 0) r.ue();
            weights(r, l0, s.chromaArrayType != 0);
            if (isB) weights(r, l1, s.chromaArrayType != 0);
        }
        if (nalRefIdc != 0) {
            if (nalType == 5) {
                r.u(2);
            } else if (r.u(1) == 1) {
                for (int i = 0; ; i++) {
                    if (i > MAX_LOOP) throw new MalformedMediaException("too many memory_management_control_operations");
                    int op = r.ue();
                    if (op == 0) break;
                    if (op > 6) throw new MalformedMediaException("memory_management_control_operation " + op);
                    if (op == 1 || op == 3) r.ue();
                    if (op == 2) r.ue();
                    if (op == 3 || op == 6) r.ue();
                    if (op == 4) r.ue();
                }
            }
        }
        if (p.cabac && sliceType != 2 && sliceType != 4) r.ue();
        r.se();
        if (sliceType == 3 || sliceType == 4) {
            if (sliceType == 3) r.u(1);
            r.se();
        }
        if (p.deblockingControl && r.ue() != 1) {
            r.se();
            r.se();
        }
        return r.bytesConsumed() + 1;
    }

    private static void refPicListModification(Bits r) {
        if (r.u(1) == 0) return;
        for (int i = 0; ; i++) {
            if (i > MAX_LOOP) throw new MalformedMediaException("too many ref_pic_list_modification entries");
            int idc = r.ue();
            if (idc == 3) return;
            if (idc > 5) throw new MalformedMediaException("modification_of_pic_nums_idc " + idc);
            r.ue();
        }
    }

    private static void weights(Bits r, int refs, boolean chroma) {
        for (int i = 0; i < refs; i++) {
            if (r.u(1) == 1) {
                r.se();
                r.se();
            }
            if (chroma && r.u(1) == 1) {
                for (int j = 0; j < 4; j++) r.se();
            }
        }
    }

    private static void skipScalingList(Bits r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /**
     * Bits of a NAL unit payload as stored, skipping emulation-prevention bytes (00 00 03, H.264
     * section 7.4.1) so that the position it reports is in stored bytes.
     */
    private static final class Bits {
        private final byte[] b;
        private final int start;
        private final int end;
        private int pos;
        private int bit;
        private int zeros;
        private int cur;

        Bits(byte[] b, int start, int end) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.pos = start - 1;
            this.bit = 8;
        }

        private int next() {
            if (bit == 8) {
                pos++;
                if (pos >= end) throw new MalformedMediaException("NAL unit truncated in its header at byte " + (pos - start));
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
}
