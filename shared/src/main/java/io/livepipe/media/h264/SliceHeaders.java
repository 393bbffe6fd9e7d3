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
    /** Bounds on the loops of a slice header, whatever the stream claims. */
    private static final int MAX_LOOP = 64;

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
        Sps s = Sps.parse(b, off, len);
        sps[s.id()] = s;
    }

    private void pps(byte[] b, int off, int len) {
        BitReader r = new BitReader(b, off + 1, off + len);
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
        BitReader r = new BitReader(b, off + 1, off + len);
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
        if (s.separateColourPlane()) r.u(2);
        r.u(s.log2MaxFrameNum());
        boolean field = false;
        if (!s.frameMbsOnly()) {
            field = r.u(1) == 1;
            if (field) r.u(1);
        }
        if (nalType == 5) r.ue();
        if (s.pocType() == 0) {
            r.u(s.log2MaxPocLsb());
            if (p.bottomFieldPicOrder && !field) r.se();
        }
        if (s.pocType() == 1 && !s.deltaPicOrderAlwaysZero()) {
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
            if (s.chromaArrayType() != 0) r.ue();
            weights(r, l0, s.chromaArrayType() != 0);
            if (isB) weights(r, l1, s.chromaArrayType() != 0);
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

    private static void refPicListModification(BitReader r) {
        if (r.u(1) == 0) return;
        for (int i = 0; ; i++) {
            if (i > MAX_LOOP) throw new MalformedMediaException("too many ref_pic_list_modification entries");
            int idc = r.ue();
            if (idc == 3) return;
            if (idc > 5) throw new MalformedMediaException("modification_of_pic_nums_idc " + idc);
            r.ue();
        }
    }

    private static void weights(BitReader r, int refs, boolean chroma) {
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
}
