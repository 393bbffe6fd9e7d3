package io.livepipe.media.ts;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.aac.AacConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AAC in ADTS (ISO/IEC 14496-3 section 1.A.2.2) into raw frames and an AudioSpecificConfig
 * (emitted again when it changes). The PES's PTS times its first frame; each next frame is
 * 1024 samples later. A frame that runs past the end of its PES is completed from the next.
 */
final class AdtsStream {
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    /** ADTS frame_length is 13 bits. */
    static final int MAX_FRAME = 8191;

    private byte[] sentConfig;
    private byte[] carry = new byte[0];
    /** The 90 kHz time of the carried frame, when there is one. */
    private long carryTime90;

    List<TsEvent> pes(byte[] es, int from, int to, long pts90, long at) {
        byte[] data = es;
        int off = from;
        int end = to;
        long time = pts90;
        if (carry.length > 0) {
            data = new byte[carry.length + (to - from)];
            System.arraycopy(carry, 0, data, 0, carry.length);
            System.arraycopy(es, from, data, carry.length, to - from);
            off = 0;
            end = data.length;
            time = carryTime90;
            carry = new byte[0];
        }
        List<TsEvent> out = new ArrayList<>();
        int frames = 0;
        int rate = 0;
        long firstTime = time;
        while (off < end) {
            if (end - off < 7) {
                keep(data, off, end, firstTime, frames, rate);
                break;
            }
            if ((data[off] & 0xff) != 0xff || (data[off + 1] & 0xf6) != 0xf0) throw new TsException(at, "ADTS syncword or layer 0 missing");
            boolean crc = (data[off + 1] & 1) == 0;
            int objectType = ((data[off + 2] & 0xff) >> 6) + 1;
            int fi = (data[off + 2] >> 2) & 0x0f;
            int channels = ((data[off + 2] & 1) << 2) | ((data[off + 3] & 0xff) >> 6);
            int length = ((data[off + 3] & 3) << 11) | ((data[off + 4] & 0xff) << 3) | ((data[off + 5] & 0xff) >> 5);
            int blocks = data[off + 6] & 3;
            int header = crc ? 9 : 7;
            if (fi >= RATES.length) throw new TsException(at, "ADTS sampling_frequency_index " + fi);
            if (blocks != 0) throw new TsException(at, "ADTS frames of " + (blocks + 1) + " raw data blocks are not supported");
            if (length <= header) throw new TsException(at, "ADTS frame_length " + length);
            if (++frames > TsLimits.MAX_FRAMES_PER_PES) throw new TsException(at, "more than " + TsLimits.MAX_FRAMES_PER_PES + " ADTS frames in one PES");
            rate = RATES[fi];
            if (end - off < length) {
                keep(data, off, end, firstTime, frames - 1, rate);
                break;
            }
            byte[] config = {(byte) ((objectType << 3) | (fi >> 1)), (byte) (((fi & 1) << 7) | (channels << 3))};
            if (sentConfig == null || !Arrays.equals(config, sentConfig)) {
                AacConfig.parse(config);
                sentConfig = config;
                out.add(new TsEvent.Config(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, config)));
            }
            long t90 = firstTime + (long) (frames - 1) * AacConfig.SAMPLES_PER_FRAME * 90_000 / rate;
            out.add(new TsEvent.Sample(new MediaSample(TrackType.AUDIO, Timeline.millis(t90), 0, true,
                    Arrays.copyOfRange(data, off + header, off + length))));
            off += length;
        }
        return out;
    }

    private void keep(byte[] data, int off, int end, long firstTime, int framesBefore, int rate) {
        carry = Arrays.copyOfRange(data, off, end);
        carryTime90 = rate == 0 ? firstTime : firstTime + (long) framesBefore * AacConfig.SAMPLES_PER_FRAME * 90_000 / rate;
    }
}
