package io.livepipe.media.cenc;

import io.livepipe.media.mp4.FourCC;
import io.livepipe.crypto.Aes;
import io.livepipe.crypto.Encryptor;
import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.SliceHeaders;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import io.livepipe.media.mp4.BoxWriter;
import io.livepipe.media.mp4.Fragment;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypts one clear CMAF fragment (styp, moof with one traf of tfhd/tfdt/trun, mdat): builds
 * the subsample map of each sample, writes saiz, saio and senc after trun (ISO/IEC 23001-7:2016
 * section 7.2; ISO/IEC 14496-12 sections 8.7.8, 8.7.9), and encrypts the mdat from the clear
 * input straight into the output: a new array ({@link #apply}), or the input's own array, a
 * little ahead of where each byte was ({@link #applyInPlace}). One instance per call.
 */
final class SegmentTransform {
    static final int CENC_IV_SIZE = 16;
    /** saiz stores each sample's auxiliary size in one byte (ISO/IEC 14496-12 section 8.7.8). */
    static final int MAX_AUX_SIZE = 255;
    /** A subsample's clear byte count is 16 bits (ISO/IEC 23001-7:2016 section 7.2.2). */
    static final int MAX_CLEAR = 0xffff;
    static final int NAL_LENGTH = 4;
    private static final int TFHD_BASE_DATA_OFFSET = 0x01;
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_DATA_OFFSET = 0x01;
    /**
     * How far before its input {@link #applyInPlace} writes the rest: at least the JDK cipher's
     * internal buffer (two blocks), below which it copies an overlapping input before each update.
     */
    static final int IN_PLACE_SHIFT = 64;

    private final ClearTrackHeader track;
    private final Scheme scheme;
    private final SegmentKeys keys;
    private final long identity;
    /** The index of this fragment's first sample among its segment's (a CMAF chunk's samples take their segment's IVs). */
    private final int firstSample;
    private final boolean video;
    private SliceHeaders headers;
    private boolean headersCopied;
    /** Subsample pairs (clear, protected) of all samples, and where each sample's pairs start. */
    private int[] pairs = new int[256];
    private int pairCount;
    private int[] firstPair;

    SegmentTransform(ClearTrackHeader track, Scheme scheme, byte[] key, byte[] keyId, long identity, int firstSample) {
        if (firstSample < 0) throw new IllegalArgumentException("negative first sample index");
        this.firstSample = firstSample;
        this.track = track;
        this.scheme = scheme;
        this.keys = SegmentKeys.of(key, keyId);
        this.identity = identity;
        this.video = track.type() == TrackType.VIDEO;
        this.headers = track.sliceHeaders();
    }

    /**
     * Where the pieces of a checked clear fragment are, and what goes into its traf: the boxes
     * are inserted at {@code insertAt} (the traf's end), the mdat payload runs from
     * {@code dataStart} to {@code mdatEnd}.
     */
    private record Layout(Box moof, Box traf, int dataOffsetField, int insertAt, int dataStart, int mdatEnd, int[] sizes, byte[] aux) { }

    /** The protected fragment in a new array; {@code seg} is left as it is. */
    byte[] apply(byte[] seg) {
        Layout l = layout(seg);
        int delta = l.aux().length;
        byte[] out = new byte[seg.length + delta];
        head(seg, l, out);
        // The mdat payload is written once, by encrypt: clear parts copied, protected parts
        // enciphered straight from the input (a second pass over a segment costs as much as CTR).
        System.arraycopy(seg, l.insertAt(), out, l.insertAt() + delta, l.dataStart() - l.insertAt());
        System.arraycopy(seg, l.mdatEnd(), out, l.mdatEnd() + delta, seg.length - l.mdatEnd());
        encrypt(seg, out, l.dataStart(), delta, l.sizes());
        return out;
    }

    /**
     * The protected fragment without a copy of its mdat: a new head (everything up to the traf's
     * end, with the new boxes) and the rest encrypted within {@code seg}, which this consumes.
     * The rest is written {@link #IN_PLACE_SHIFT} bytes before where it was read (over the part of
     * the moof the head has copied): output ahead of its input is what the JDK's ciphers and
     * {@code System.arraycopy} handle without a copy of the input, where an exactly overlapping
     * output makes the cipher copy every range first.
     */
    ProtectedFragment applyInPlace(byte[] seg) {
        Layout l = layout(seg);
        byte[] head = new byte[l.insertAt() + l.aux().length];
        head(seg, l, head);
        int shift = Math.min(IN_PLACE_SHIFT, l.insertAt());
        System.arraycopy(seg, l.insertAt(), seg, l.insertAt() - shift, l.dataStart() - l.insertAt());
        encrypt(seg, seg, l.dataStart(), -shift, l.sizes());
        System.arraycopy(seg, l.mdatEnd(), seg, l.mdatEnd() - shift, seg.length - l.mdatEnd());
        return new ProtectedFragment(head, seg, l.insertAt() - shift, seg.length - l.insertAt());
    }

    /** The clear bytes up to the traf's end, the new boxes after them, and the moof, traf and trun fields that grow. */
    private static void head(byte[] seg, Layout l, byte[] out) {
        int delta = l.aux().length;
        System.arraycopy(seg, 0, out, 0, l.insertAt());
        System.arraycopy(l.aux(), 0, out, l.insertAt(), delta);
        BoxWriter.writeU32(out, l.moof().offset(), l.moof().size() + (long) delta);
        BoxWriter.writeU32(out, l.traf().offset(), l.traf().size() + (long) delta);
        BoxWriter.writeU32(out, l.dataOffsetField(), ByteCursor.u32(seg, l.dataOffsetField()) + delta);
    }

    private Layout layout(byte[] seg) {
        List<Box> top = BoxReader.read(seg);
        Box moof = null;
        Box mdat = null;
        for (Box b : top) {
            switch (b.type()) {
                case FourCC.MOOF -> {
                    if (moof != null) throw new MalformedMediaException("segment with more than one moof");
                    moof = b;
                }
                case FourCC.MDAT -> {
                    if (mdat != null) throw new MalformedMediaException("segment with more than one mdat");
                    if (moof == null) throw new MalformedMediaException("mdat before moof at offset " + b.offset());
                    mdat = b;
                }
                case FourCC.STYP, FourCC.EMSG, FourCC.PRFT, FourCC.SIDX -> { }
                default -> throw new MalformedMediaException("unexpected top-level box '" + printable(b.type()) + "' at offset " + b.offset());
            }
        }
        if (moof == null || mdat == null) throw new MalformedMediaException("segment without moof and mdat");
        Box traf = moof.only(FourCC.TRAF);
        moof.only(FourCC.MFHD);
        Box tfhd = traf.only(FourCC.TFHD);
        Box trun = traf.only(FourCC.TRUN);
        for (Box b : traf.children()) {
            if (b.type().equals(FourCC.SENC) || b.type().equals(FourCC.SAIZ) || b.type().equals(FourCC.SAIO)) {
                throw new MalformedMediaException("traf at offset " + traf.offset() + " is already protected ('" + b.type() + "')");
            }
        }
        for (Box b : List.of(moof, traf, trun, mdat)) {
            if (b.headerSize() != 8) throw new MalformedMediaException("'" + b.type() + "' at offset " + b.offset() + " has a 64-bit size");
        }
        if (tfhd.payloadSize() < 8) throw new MalformedMediaException("tfhd at offset " + tfhd.offset() + " too short");
        int tfhdFlags = (int) ByteCursor.u32(seg, tfhd.payloadOffset()) & 0xffffff;
        if ((tfhdFlags & TFHD_BASE_DATA_OFFSET) != 0 || (tfhdFlags & TFHD_DEFAULT_BASE_IS_MOOF) == 0) {
            throw new MalformedMediaException("tfhd without default-base-is-moof, or with an explicit base data offset");
        }
        if (trun.payloadSize() < 12 || ((int) ByteCursor.u32(seg, trun.payloadOffset()) & TRUN_DATA_OFFSET) == 0) {
            throw new MalformedMediaException("trun at offset " + trun.offset() + " without a data offset");
        }
        Fragment f = Fragment.parse(seg);
        int n = f.samples().size();
        long dataStart = moof.offset() + f.dataOffset();
        long total = 0;
        for (Fragment.SampleEntry s : f.samples()) total += s.size();
        if (dataStart != mdat.payloadOffset() || total != mdat.payloadSize()) {
            throw new MalformedMediaException("trun's " + n + " samples (" + total + " bytes from offset " + dataStart
                    + ") do not fill the mdat payload (" + mdat.payloadSize() + " bytes from offset " + mdat.payloadOffset() + ")");
        }

        // Subsample maps first: saiz needs every sample's auxiliary size.
        boolean subsamples = video;
        int ivSize = scheme == Scheme.CENC ? CENC_IV_SIZE : 0;
        firstPair = new int[n + 1];
        int[] sizes = new int[n];
        int pos = (int) dataStart;
        for (int i = 0; i < n; i++) {
            sizes[i] = (int) f.samples().get(i).size();
            firstPair[i] = pairCount;
            if (subsamples) avcSubsamples(seg, pos, sizes[i]);
            int aux = ivSize + (subsamples ? 2 + 6 * (pairCount - firstPair[i]) : 0);
            if (aux > MAX_AUX_SIZE) throw new MalformedMediaException("sample " + i + " has too many slices for one saiz entry");
            pos += sizes[i];
        }
        firstPair[n] = pairCount;

        byte[] aux = auxiliaryBoxes(n, ivSize, subsamples, seg.length, moof, traf);
        return new Layout(moof, traf, trun.payloadOffset() + 8, traf.offset() + traf.size(), (int) dataStart,
                mdat.offset() + mdat.size(), sizes, aux);
    }

    /** saiz, saio, senc, in that order; saio points at senc's first sample entry. */
    private byte[] auxiliaryBoxes(int n, int ivSize, boolean subsamples, int segLength, Box moof, Box traf) {
        if (ivSize == 0 && !subsamples) return new byte[0]; // cbcs audio: constant IV, whole samples: nothing to say.
        int fixed = subsamples ? -1 : ivSize;
        int saizSize = 17 + (fixed < 0 ? n : 0);
        int saioSize = 20;
        BoxWriter w = new BoxWriter(saizSize + saioSize + 16 + n * (ivSize + 8) + pairCount * 3);
        w.start(FourCC.SAIZ, 0, 0).u8(Math.max(fixed, 0)).u32(n);
        if (fixed < 0) for (int i = 0; i < n; i++) w.u8(ivSize + 2 + 6 * (firstPair[i + 1] - firstPair[i]));
        w.end();
        long sencEntries = (long) traf.offset() + traf.size() - moof.offset() + saizSize + saioSize + 16;
        w.start(FourCC.SAIO, 0, 0).u32(1).u32(sencEntries).end();
        w.start(FourCC.SENC, 0, subsamples ? 0x2 : 0).u32(n);
        byte[] iv = new byte[16];
        long prefix = ivSize > 0 ? keys.segmentPrefix(identity) : 0;
        for (int i = 0; i < n; i++) {
            if (ivSize > 0) {
                CencIvs.sampleIv(prefix, firstSample + i, iv);
                w.bytes(iv, 0, ivSize);
            }
            if (subsamples) {
                w.u16(firstPair[i + 1] - firstPair[i]);
                for (int p = firstPair[i]; p < firstPair[i + 1]; p++) w.u16(pairs[2 * p]).u32(pairs[2 * p + 1] & 0xffffffffL);
            }
        }
        w.end();
        byte[] out = w.toByteArray();
        if (segLength + (long) out.length > Integer.MAX_VALUE - 8) throw new MalformedMediaException("segment too large");
        return out;
    }

    private void encrypt(byte[] seg, byte[] out, int dataStart, int delta, int[] sizes) {
        boolean cenc = scheme == Scheme.CENC;
        Encryptor e = cenc ? keys.ctr() : keys.cbcs(video);
        byte[] iv = cenc ? new byte[16] : keys.constantIv();
        long prefix = cenc ? keys.segmentPrefix(identity) : 0;
        int pos = dataStart;
        for (int i = 0; i < sizes.length; i++) {
            if (cenc) CencIvs.sampleIv(prefix, firstSample + i, iv);
            e.reset(iv);
            if (!video) {
                e.encrypt(seg, pos, sizes[i], out, pos + delta);
            } else {
                int at = pos;
                for (int p = firstPair[i]; p < firstPair[i + 1]; p++) {
                    System.arraycopy(seg, at, out, at + delta, pairs[2 * p]);
                    at += pairs[2 * p];
                    int prot = pairs[2 * p + 1];
                    if (prot > 0) e.encrypt(seg, at, prot, out, at + delta);
                    at += prot;
                }
            }
            pos += sizes[i];
        }
    }

    /**
     * The subsample map of one AVC sample (ISO/IEC 23001-7:2016 section 9.5): per NAL unit the
     * length field, NAL header and slice header clear (section 9.5.2.2), slice data protected;
     * non-VCL NAL units (SPS, PPS, SEI, AUD, ...) wholly clear. For cenc the protected part is
     * cut to whole 16-byte blocks, the remainder joining the clear part (CMAF, as Shaka Packager
     * and others do), so each sample's counter stays block-aligned per subsample. Consecutive
     * clear runs merge into the next subsample's clear part.
     */
    private void avcSubsamples(byte[] b, int start, int size) {
        int end = start + size;
        int pos = start;
        long clear = 0;
        while (pos < end) {
            if (end - pos < NAL_LENGTH + 1) throw new MalformedMediaException("NAL length truncated at offset " + pos);
            long len = ByteCursor.u32(b, pos);
            if (len < 1 || len > end - pos - NAL_LENGTH) {
                throw new MalformedMediaException("NAL unit of " + len + " bytes at offset " + pos + " overruns its sample");
            }
            int nal = pos + NAL_LENGTH;
            int type = b[nal] & 0x1f;
            long prot = 0;
            if (type == 1 || type == 5) {
                int header = headers.headerSize(b, nal, (int) len);
                prot = Math.max(0, len - header);
                if (scheme == Scheme.CENC) prot -= prot % Aes.BLOCK;
            } else if (type == 7 || type == 8) {
                if (!headersCopied) {
                    headers = headers.copy();
                    headersCopied = true;
                }
                headers.parameterSet(b, nal, (int) len);
            }
            clear += NAL_LENGTH + len - prot;
            if (prot > 0) {
                push(clear, prot);
                clear = 0;
            }
            pos = nal + (int) len;
        }
        if (clear > 0) push(clear, 0);
    }

    private void push(long clear, long prot) {
        while (clear > MAX_CLEAR) {
            add(MAX_CLEAR, 0);
            clear -= MAX_CLEAR;
        }
        add((int) clear, (int) prot);
    }

    private void add(int clear, int prot) {
        if (2 * pairCount + 2 > pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[2 * pairCount] = clear;
        pairs[2 * pairCount + 1] = prot;
        pairCount++;
    }

    private static String printable(String fourcc) { return fourcc.replaceAll("[^ -~]", "?"); }
}
