package io.livepipe.media.ts;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.aac.AacConfig;
import io.livepipe.media.h264.AvcConfig;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes one track's samples as a transport stream segment (ISO/IEC 13818-1), as HLS players of
 * the MPEG-TS kind want it (RFC 8216 §3.2): a PAT and a PMT first, then one PES per access unit
 * with its PTS (and DTS where they differ), the PCR in the first packet of every PES, H.264 in
 * Annex B byte-stream form with an access unit delimiter before each picture and SPS/PPS before
 * each IDR, AAC in ADTS. A pure function of its input: no I/O, no clock, no state kept between
 * segments.
 *
 * <p>Continuity across segments: each segment starts its PES counters at 0 with the
 * {@code discontinuity_indicator} set in that PID's first packet (13818-1 §2.4.3.5: the counter
 * may be discontinuous there), so a demuxer that reads segment after segment (FFmpeg's HLS
 * reader keeps one TS demuxer) sees no continuity error; PAT and PMT, one packet each per
 * segment, count by the caller's {@code psiCounter} (the segment's media sequence number), so
 * consecutive segments continue them. Timestamps are the caller's, 90 kHz, taken modulo 2^33.
 */
public final class TsMuxer {
    public static final int PACKET = 188;
    public static final int PMT_PID = 0x1000;
    public static final int VIDEO_PID = 0x100;
    public static final int AUDIO_PID = 0x101;
    /** How far the PCR runs ahead of the first DTS of each PES (a decoder's buffer time), 90 kHz. */
    static final int PCR_LEAD = 9_000;
    /** An ADTS frame's 13-bit length, header included. */
    static final int MAX_ADTS_FRAME = 8191;
    private static final byte[] AUD = {0, 0, 0, 1, 0x09, (byte) 0xf0};
    private static final byte[] START = {0, 0, 0, 1};
    private static final long MASK_33 = (1L << 33) - 1;

    /** One access unit, times in 90 kHz: video as AVCC (length-prefixed NAL units), audio one raw AAC frame. */
    public record Sample(long decodeTime, long compositionOffset, boolean keyframe, byte[] data) { }

    private TsMuxer() { }

    /** The segment of {@code samples} of one track of {@code config} (avc1 or mp4a). */
    public static byte[] segment(CodecConfig config, List<Sample> samples, long psiCounter) {
        boolean video = CodecConfig.AVC1.equals(config.codec());
        if (!video && !CodecConfig.MP4A.equals(config.codec())) {
            throw new MalformedMediaException("codec " + config.codec() + " is not carried in MPEG-TS here");
        }
        AvcConfig avc = video ? AvcConfig.parse(config.config()) : null;
        AacConfig aac = video ? null : AacConfig.parse(config.config());
        int pid = video ? VIDEO_PID : AUDIO_PID;
        int cc0 = (int) (psiCounter & 0x0f);
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.stream().mapToInt(s -> s.data().length).sum() * 11 / 10 + 2 * PACKET);
        psiPacket(out, 0, cc0, pat());
        psiPacket(out, PMT_PID, cc0, pmt(pid, video ? StreamTypes.H264 : StreamTypes.ADTS_AAC));
        int[] cc = {0};
        boolean first = true;
        for (Sample s : samples) {
            long dts = s.decodeTime();
            long pts = s.decodeTime() + s.compositionOffset();
            byte[] es = video ? annexB(avc, s) : adts(aac, s.data());
            byte[] pes = pes(video ? 0xe0 : 0xc0, pts, pts == dts ? -1 : dts, es, video);
            long pcr = Math.max(0, Math.min(dts, pts) - PCR_LEAD);
            packetize(out, pid, cc, pes, first, video && s.keyframe() || !video, pcr);
            first = false;
        }
        return out.toByteArray();
    }

    /** An access unit delimiter, then SPS and PPS at a keyframe (unless it carries its own), then its NAL units with start codes. */
    static byte[] annexB(AvcConfig avc, Sample s) {
        byte[] d = s.data();
        int n = avc.nalLengthSize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length + 64);
        out.writeBytes(AUD);
        boolean ownSps = false;
        for (int pos = 0; pos + n <= d.length; ) {
            long len = nalLength(d, pos, n);
            if (len <= 0 || len > d.length - pos - n) break;
            if ((d[pos + n] & 0x1f) == 7) ownSps = true;
            pos += n + (int) len;
        }
        if (s.keyframe() && !ownSps) {
            for (byte[] sps : avc.sps()) { out.writeBytes(START); out.writeBytes(sps); }
            for (byte[] pps : avc.pps()) { out.writeBytes(START); out.writeBytes(pps); }
        }
        int pos = 0;
        while (pos < d.length) {
            if (pos + n > d.length) throw new MalformedMediaException("NAL length field truncated at " + pos);
            long len = nalLength(d, pos, n);
            if (len <= 0 || len > d.length - pos - n) throw new MalformedMediaException("NAL unit of " + len + " bytes at " + pos + " does not fit its sample");
            int type = d[pos + n] & 0x1f;
            if (type != 9) { // the sample's own delimiter would be a second one
                out.writeBytes(START);
                out.write(d, pos + n, (int) len);
            }
            pos += n + (int) len;
        }
        return out.toByteArray();
    }

    private static long nalLength(byte[] d, int pos, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (d[pos + i] & 0xff);
        return v;
    }

    /** A raw AAC frame behind its 7-byte ADTS header (ISO/IEC 14496-3 §1.A.2.2, no CRC). */
    static byte[] adts(AacConfig aac, byte[] frame) {
        int length = frame.length + 7;
        if (length > MAX_ADTS_FRAME) throw new MalformedMediaException("AAC frame of " + frame.length + " bytes is too long for ADTS");
        int profile = (aac.objectType() >= 1 && aac.objectType() <= 4 ? aac.objectType() : 2) - 1; // HE-AAC: its AAC-LC core
        int rate = rateIndex(aac.sampleRate());
        int channels = aac.channels() == 8 ? 7 : aac.channels();
        byte[] out = new byte[length];
        out[0] = (byte) 0xff;
        out[1] = (byte) 0xf1; // MPEG-4, layer 0, no CRC
        out[2] = (byte) ((profile << 6) | (rate << 2) | ((channels >> 2) & 1));
        out[3] = (byte) (((channels & 3) << 6) | (length >> 11));
        out[4] = (byte) (length >> 3);
        out[5] = (byte) (((length & 7) << 5) | 0x1f); // buffer fullness 0x7ff: variable rate
        out[6] = (byte) 0xfc;
        System.arraycopy(frame, 0, out, 7, frame.length);
        return out;
    }

    private static int rateIndex(int rate) {
        int[] rates = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
        for (int i = 0; i < rates.length; i++) if (rates[i] == rate) return i;
        throw new MalformedMediaException("sampling rate " + rate + " has no ADTS index");
    }

    /** A PES packet (§2.4.3.6); video's length is 0 (unbounded, allowed for video in TS) when it does not fit 16 bits. */
    static byte[] pes(int streamId, long pts, long dts, byte[] es, boolean video) {
        int headerData = dts < 0 ? 5 : 10;
        int length = 3 + headerData + es.length;
        if (length > 0xffff && !video) throw new MalformedMediaException("audio PES of " + length + " bytes");
        byte[] out = new byte[9 + headerData + es.length];
        out[2] = 1;
        out[3] = (byte) streamId;
        int declared = length > 0xffff || video ? 0 : length;
        out[4] = (byte) (declared >> 8);
        out[5] = (byte) declared;
        out[6] = (byte) 0x80; // '10', not scrambled, no priority, no alignment flag
        out[7] = (byte) (dts < 0 ? 0x80 : 0xc0);
        out[8] = (byte) headerData;
        timestamp(out, 9, dts < 0 ? 0x2 : 0x3, pts);
        if (dts >= 0) timestamp(out, 14, 0x1, dts);
        System.arraycopy(es, 0, out, 9 + headerData, es.length);
        return out;
    }

    private static void timestamp(byte[] b, int at, int prefix, long t) {
        t &= MASK_33;
        b[at] = (byte) ((prefix << 4) | (int) ((t >> 29) & 0x0e) | 1);
        b[at + 1] = (byte) (t >> 22);
        b[at + 2] = (byte) (((t >> 14) & 0xfe) | 1);
        b[at + 3] = (byte) (t >> 7);
        b[at + 4] = (byte) (((t << 1) & 0xfe) | 1);
    }

    /** Splits a PES into packets; the first carries the PCR, the random-access flag and (first of its PID here) the discontinuity flag. */
    private static void packetize(ByteArrayOutputStream out, int pid, int[] cc, byte[] pes, boolean discontinuity, boolean randomAccess, long pcr) {
        int pos = 0;
        boolean first = true;
        while (pos < pes.length) {
            byte[] af = first ? adaptation(discontinuity, randomAccess, pcr) : new byte[0];
            int room = 184 - af.length;
            int n = Math.min(room, pes.length - pos);
            if (n < room) af = stuffed(af, 184 - n);
            byte[] p = new byte[PACKET];
            p[0] = 0x47;
            p[1] = (byte) ((first ? 0x40 : 0) | (pid >> 8));
            p[2] = (byte) pid;
            p[3] = (byte) ((af.length > 0 ? 0x30 : 0x10) | (cc[0] & 0x0f));
            System.arraycopy(af, 0, p, 4, af.length);
            System.arraycopy(pes, pos, p, 4 + af.length, n);
            out.writeBytes(p);
            cc[0]++;
            pos += n;
            first = false;
        }
    }

    /** An adaptation field (§2.4.3.4) with the flags and a PCR (base in 90 kHz, extension 0). */
    private static byte[] adaptation(boolean discontinuity, boolean randomAccess, long pcr) {
        byte[] af = new byte[8];
        af[0] = 7;
        af[1] = (byte) ((discontinuity ? 0x80 : 0) | (randomAccess ? 0x40 : 0) | 0x10);
        long base = pcr & MASK_33;
        af[2] = (byte) (base >> 25);
        af[3] = (byte) (base >> 17);
        af[4] = (byte) (base >> 9);
        af[5] = (byte) (base >> 1);
        af[6] = (byte) (((base & 1) << 7) | 0x7e);
        af[7] = 0;
        return af;
    }

    /** {@code af} grown to {@code total} bytes with stuffing (a lone length byte of 0 when total is 1). */
    private static byte[] stuffed(byte[] af, int total) {
        byte[] out = new byte[total];
        if (total == 1) return out; // adaptation_field_length 0
        java.util.Arrays.fill(out, (byte) 0xff);
        if (af.length == 0) {
            out[1] = 0; // no flags
        } else {
            System.arraycopy(af, 0, out, 0, af.length);
        }
        out[0] = (byte) (total - 1);
        return out;
    }

    private static void psiPacket(ByteArrayOutputStream out, int pid, int cc, byte[] section) {
        byte[] p = new byte[PACKET];
        java.util.Arrays.fill(p, (byte) 0xff);
        p[0] = 0x47;
        p[1] = (byte) (0x40 | (pid >> 8));
        p[2] = (byte) pid;
        p[3] = (byte) (0x10 | cc);
        p[4] = 0; // pointer_field
        System.arraycopy(section, 0, p, 5, section.length);
        out.writeBytes(p);
    }

    /** The program association table: program 1 at {@link #PMT_PID} (§2.4.4.3). */
    static byte[] pat() {
        byte[] s = {0x00, (byte) 0xb0, 13, 0x00, 0x01, (byte) 0xc1, 0, 0, 0x00, 0x01,
                (byte) (0xe0 | (PMT_PID >> 8)), (byte) PMT_PID, 0, 0, 0, 0};
        return crc(s);
    }

    /** The program map table: one elementary stream, which carries the PCR (§2.4.4.8). */
    static byte[] pmt(int pid, int streamType) {
        byte[] s = {0x02, (byte) 0xb0, 18, 0x00, 0x01, (byte) 0xc1, 0, 0,
                (byte) (0xe0 | (pid >> 8)), (byte) pid, (byte) 0xf0, 0,
                (byte) streamType, (byte) (0xe0 | (pid >> 8)), (byte) pid, (byte) 0xf0, 0, 0, 0, 0, 0};
        return crc(s);
    }

    private static byte[] crc(byte[] s) {
        int c = Psi.crc32(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (c >> 24);
        s[s.length - 3] = (byte) (c >> 16);
        s[s.length - 2] = (byte) (c >> 8);
        s[s.length - 1] = (byte) c;
        return s;
    }
}
