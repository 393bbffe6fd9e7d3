package io.livepipe.media.h264;

import io.livepipe.media.MalformedMediaException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 in Annex B byte-stream form (ITU-T H.264 Annex B), one access unit at a time, into AVCC
 * samples (4-byte lengths): SPS and PPS become the decoder configuration (an
 * AVCDecoderConfigurationRecord, given again when they change), access unit delimiters are
 * dropped, and nothing is given before an SPS, a PPS and a keyframe (an IDR slice) have arrived,
 * so a stream joined mid-way starts at a keyframe. MPEG-TS carries H.264 this way; so does FLV
 * from FFmpeg's flv muxer when the encoder has no global header (FFmpeg's tee muxer): an empty
 * AVC sequence header, then start codes where FLV wants lengths. One per video track; not
 * thread-safe.
 */
public final class AnnexBVideo {
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int NAL_AUD = 9;

    /**
     * What one access unit gave: a new decoder configuration record (else null), and the sample
     * in AVCC form (else null: no slice, or still waiting for parameter sets and a keyframe).
     */
    public record Unit(byte[] record, byte[] avcc, boolean keyframe) { }

    private byte[] sps;
    private byte[] pps;
    private byte[] sentRecord;
    private boolean started;

    /** The access unit in {@code es[from, to)}; MalformedMediaException for parameter sets that cannot be used. */
    public Unit accessUnit(byte[] es, int from, int to) {
        if (from < 0 || to < from || to > es.length) throw new MalformedMediaException("access unit [" + from + ", " + to + ") outside its " + es.length + " bytes");
        ByteArrayOutputStream avcc = new ByteArrayOutputStream(to - from + 16);
        boolean keyframe = false;
        for (int[] nal : nalUnits(es, from, to)) {
            int start = nal[0];
            int end = nal[1];
            if (end <= start) continue;
            int type = es[start] & 0x1f;
            switch (type) {
                case NAL_SPS -> sps = parameterSet(es, start, end, "SPS");
                case NAL_PPS -> pps = parameterSet(es, start, end, "PPS");
                case NAL_AUD -> { }
                default -> {
                    if (type == NAL_IDR) keyframe = true;
                    int n = end - start;
                    avcc.write(n >>> 24);
                    avcc.write(n >>> 16);
                    avcc.write(n >>> 8);
                    avcc.write(n);
                    avcc.write(es, start, n);
                }
            }
        }
        byte[] fresh = null;
        if (sps != null && pps != null) {
            byte[] record = AvcRecords.of(List.of(sps), List.of(pps));
            if (sentRecord == null || !Arrays.equals(record, sentRecord)) {
                try {
                    AvcConfig.parse(record);
                } catch (MalformedMediaException e) {
                    throw new MalformedMediaException("H.264 parameter sets refused: " + e.getMessage());
                }
                sentRecord = record;
                fresh = record;
            }
        }
        if (avcc.size() == 0 || sentRecord == null || (!started && !keyframe)) return new Unit(fresh, null, keyframe);
        started = true;
        return new Unit(fresh, avcc.toByteArray(), keyframe);
    }

    private static byte[] parameterSet(byte[] es, int start, int end, String what) {
        if (end - start > AvcConfig.MAX_PARAMETER_SET) throw new MalformedMediaException(what + " of " + (end - start) + " bytes");
        return Arrays.copyOfRange(es, start, end);
    }

    /** Whether {@code b} starts with an Annex B start code (00 00 01, or 00 00 00 01). */
    public static boolean startsWithStartCode(byte[] b) {
        return b.length >= 3 && b[0] == 0 && b[1] == 0 && (b[2] == 1 || (b.length >= 4 && b[2] == 0 && b[3] == 1));
    }

    /** [start, end) of each NAL unit between Annex B start codes, trailing zero bytes dropped. */
    public static List<int[]> nalUnits(byte[] b, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        int i = from;
        while (i + 2 < to) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) out.add(new int[] {start, trimZeros(b, start, i)});
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) out.add(new int[] {start, trimZeros(b, start, to)});
        return out;
    }

    private static int trimZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) end--;
        return end;
    }
}
