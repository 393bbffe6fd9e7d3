package io.livepipe.media.mp4;

import io.livepipe.media.MalformedMediaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples of a CMAF fragment (one moof, its first track run, and the mdat it points into),
 * each with its decode time, duration and composition offset in the track's timescale and its
 * bytes: what a remuxer (to MPEG-TS, or to a Smooth Streaming fragment) starts from. Sample data
 * must lie inside the segment; a sample is a sync sample unless its flags say
 * {@code sample_is_non_sync_sample} (ISO/IEC 14496-12 §8.8.3.1).
 */
public final class FragmentSamples {
    private FragmentSamples() { }

    public record Sample(long decodeTime, long duration, long compositionOffset, boolean sync, byte[] data) { }

    public static List<Sample> read(byte[] segment) {
        Box moof = null;
        for (Box b : BoxReader.read(segment)) if (b.type().equals(FourCC.MOOF)) { moof = b; break; }
        if (moof == null) throw new MalformedMediaException("no moof box");
        Fragment f = Fragment.parse(segment);
        long pos = moof.offset() + f.dataOffset();
        long t = f.baseDecodeTime();
        List<Sample> out = new ArrayList<>(f.samples().size());
        for (Fragment.SampleEntry s : f.samples()) {
            if (pos < 0 || s.size() < 0 || pos + s.size() > segment.length) {
                throw new MalformedMediaException("sample of " + s.size() + " bytes at offset " + pos + " lies outside the segment");
            }
            out.add(new Sample(t, s.duration(), s.compositionOffset(), (s.flags() & 0x00010000) == 0,
                    Arrays.copyOfRange(segment, (int) pos, (int) (pos + s.size()))));
            pos += s.size();
            t += s.duration();
        }
        return out;
    }
}
