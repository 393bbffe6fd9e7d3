package io.livepipe.media.ts;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AvcConfig;
import io.livepipe.media.h264.AvcRecords;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 in Annex B byte-stream form (ITU-T H.264 Annex B), one access unit per PES, into AVCC
 * samples (4-byte lengths): SPS and PPS become the decoder configuration (emitted again when
 * they change), access unit delimiters are dropped. Nothing is emitted before an SPS, a PPS and
 * a keyframe (an IDR slice) have arrived: a caller that joins mid-stream starts at a keyframe.
 */
final class AvcStream {
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int NAL_AUD = 9;

    private byte[] sps;
    private byte[] pps;
    private byte[] sentRecord;
    private boolean started;

    List<TsEvent> accessUnit(byte[] es, int from, int to, long dts90, long pts90, long at) {
        List<TsEvent> out = new ArrayList<>(2);
        ByteArrayOutputStream avcc = new ByteArrayOutputStream(to - from + 16);
        boolean keyframe = false;
        for (int[] nal : nalUnits(es, from, to)) {
            int start = nal[0];
            int end = nal[1];
            if (end <= start) continue;
            int type = es[start] & 0x1f;
            switch (type) {
                case NAL_SPS -> {
                    if (end - start > AvcConfig.MAX_PARAMETER_SET) throw new TsException(at, "SPS of " + (end - start) + " bytes");
                    sps = Arrays.copyOfRange(es, start, end);
                }
                case NAL_PPS -> {
                    if (end - start > AvcConfig.MAX_PARAMETER_SET) throw new TsException(at, "PPS of " + (end - start) + " bytes");
                    pps = Arrays.copyOfRange(es, start, end);
                }
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
        if (sps != null && pps != null) {
            byte[] record = AvcRecords.of(List.of(sps), List.of(pps));
            if (sentRecord == null || !Arrays.equals(record, sentRecord)) {
                try {
                    AvcConfig.parse(record);
                } catch (MalformedMediaException e) {
                    throw new TsException(at, "H.264 parameter sets refused: " + e.getMessage());
                }
                sentRecord = record;
                out.add(new TsEvent.Config(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, record)));
            }
        }
        if (avcc.size() == 0 || sentRecord == null || (!started && !keyframe)) return out;
        started = true;
        long dts = Timeline.millis(dts90);
        long pts = Timeline.millis(pts90);
        long cto = pts - dts;
        if (cto < Integer.MIN_VALUE || cto > Integer.MAX_VALUE) throw new TsException(at, "PTS " + pts90 + " and DTS " + dts90 + " too far apart");
        out.add(new TsEvent.Sample(new MediaSample(TrackType.VIDEO, dts, (int) cto, keyframe, avcc.toByteArray())));
        return out;
    }

    /** [start, end) of each NAL unit between Annex B start codes, trailing zero bytes dropped. */
    static List<int[]> nalUnits(byte[] b, int from, int to) {
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
