package io.livepipe.media.cenc;

import io.livepipe.media.mp4.FourCC;
import io.livepipe.crypto.CryptoException;
import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.BoxWriter;
import java.util.List;

/**
 * On-the-fly encryption of clear CMAF, deterministic: the same clear bytes, key and identity
 * give the same encrypted bytes, so a CDN may cache them. Input that is not a CMAF header or
 * fragment as livepipe writes them is refused with {@link MalformedMediaException}; a key or
 * key id of the wrong size with {@link CryptoException}. Thread-safe: cipher state is per thread ({@link SegmentKeys}).
 */
public final class CmafEncryption {
    /** cbcs pattern for video: 1 block encrypted, 9 skipped (ISO/IEC 23001-7:2016 section 10.4.2). */
    public static final int VIDEO_CRYPT_BLOCKS = 1;
    public static final int VIDEO_SKIP_BLOCKS = 9;

    private CmafEncryption() { }

    /**
     * The protected CMAF header: the sample entry becomes {@code encv}/{@code enca} with a
     * {@code sinf} (frma, schm, schi/tenc with {@code keyId16}), and the given pssh boxes are
     * appended to {@code moov}. {@code track} is {@code clearInit} parsed by {@link ClearTrackHeader#of}.
     */
    public static byte[] encryptInit(byte[] clearInit, ClearTrackHeader track, Scheme scheme, byte[] keyId16, List<Pssh> psshBoxes) {
        checkId(keyId16, "key id");
        byte[] sinf = sinf(track, scheme, keyId16);
        int psshSize = 0;
        byte[][] pssh = new byte[psshBoxes.size()][];
        for (int i = 0; i < pssh.length; i++) {
            pssh[i] = psshBoxes.get(i).box();
            psshSize += pssh[i].length;
        }
        int entryEnd = track.entryEnd();
        int moovEnd = track.moovEnd();
        byte[] out = new byte[clearInit.length + sinf.length + psshSize];
        System.arraycopy(clearInit, 0, out, 0, entryEnd);
        System.arraycopy(sinf, 0, out, entryEnd, sinf.length);
        System.arraycopy(clearInit, entryEnd, out, entryEnd + sinf.length, moovEnd - entryEnd);
        int at = moovEnd + sinf.length;
        for (byte[] p : pssh) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        System.arraycopy(clearInit, moovEnd, out, at, clearInit.length - moovEnd);
        int[] path = track.path();
        // Every box from moov down to the sample entry starts before the insertion points, so
        // its offset is unchanged and only its size grows.
        for (int i = 0; i < path.length; i++) {
            int grow = sinf.length + (i == 0 ? psshSize : 0);
            BoxWriter.writeU32(out, path[i], ByteCursor.u32(out, path[i]) + grow);
        }
        byte[] protectedFormat = (track.type() == TrackType.VIDEO ? FourCC.ENCV : FourCC.ENCA).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(protectedFormat, 0, out, track.entryOffset() + 4, 4);
        return out;
    }

    /** The sinf box (ISO/IEC 23001-7:2016 sections 4 and 8.2; ISO/IEC 14496-12 section 8.12). */
    static byte[] sinf(ClearTrackHeader track, Scheme scheme, byte[] keyId16) {
        BoxWriter w = new BoxWriter(128);
        w.start(FourCC.SINF);
        w.start(FourCC.FRMA).fourcc(track.format()).end();
        w.start(FourCC.SCHM, 0, 0).fourcc(scheme.fourcc()).u32(0x00010000).end();
        w.start(FourCC.SCHI);
        if (scheme == Scheme.CENC) {
            w.start(FourCC.TENC, 0, 0).u8(0).u8(0).u8(1).u8(SegmentTransform.CENC_IV_SIZE).bytes(keyId16);
        } else {
            boolean video = track.type() == TrackType.VIDEO;
            int pattern = video ? VIDEO_CRYPT_BLOCKS << 4 | VIDEO_SKIP_BLOCKS : 0;
            byte[] iv = CencIvs.cbcsConstantIv(keyId16);
            w.start(FourCC.TENC, 1, 0).u8(0).u8(pattern).u8(1).u8(0).bytes(keyId16).u8(iv.length).bytes(iv);
        }
        w.end().end().end();
        return w.toByteArray();
    }

    /**
     * One protected CMAF fragment: the mdat encrypted, senc/saiz/saio added to the traf, and
     * trun's data offset moved by what the moof grew. {@code track} is the clear header parsed
     * once by {@link ClearTrackHeader#of} and reused. {@code segmentIdentityForIv} must differ for
     * every segment encrypted under {@code key16} (see the package documentation); {@code cbcs}
     * ignores it (its IV is constant).
     */
    public static byte[] encryptSegment(ClearTrackHeader track, byte[] clearSegment, Scheme scheme, byte[] key16, byte[] keyId16,
                                        long segmentIdentityForIv) {
        return encryptChunk(track, clearSegment, scheme, key16, keyId16, segmentIdentityForIv, 0);
    }

    /**
     * As {@link #encryptSegment}, the same bytes, without copying the mdat: {@code clearSegment}'s
     * own array is encrypted in place and becomes the second slice of the result, so it must be
     * the caller's alone (a fresh read, never a cached or shared array) and is not clear after.
     */
    public static ProtectedFragment encryptSegmentInPlace(ClearTrackHeader track, byte[] clearSegment, Scheme scheme, byte[] key16,
                                                          byte[] keyId16, long segmentIdentityForIv) {
        checkId(key16, "key");
        checkId(keyId16, "key id");
        return new SegmentTransform(track, scheme, key16, keyId16, segmentIdentityForIv, 0).applyInPlace(clearSegment);
    }

    /**
     * One CMAF chunk (a moof+mdat that is part of a segment, ISO/IEC 23000-19 §7.3.3) encrypted as
     * its samples are inside the whole segment: {@code firstSample} is the index of its first sample
     * among the segment's, so a cenc sample takes the same IV (and gives the same ciphertext) in the
     * chunk as in the segment; cbcs's IV is constant anyway.
     */
    public static byte[] encryptChunk(ClearTrackHeader track, byte[] clearChunk, Scheme scheme, byte[] key16, byte[] keyId16,
                                      long segmentIdentityForIv, int firstSample) {
        checkId(key16, "key");
        checkId(keyId16, "key id");
        return new SegmentTransform(track, scheme, key16, keyId16, segmentIdentityForIv, firstSample).apply(clearChunk);
    }

    private static void checkId(byte[] b, String what) {
        if (b == null || b.length != 16) throw new CryptoException(what + " must be 16 bytes");
    }
}
