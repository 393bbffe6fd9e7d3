package io.livepipe.encoder.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Separately pushed tracks come out in decode order, also when a track's next segment overtakes
 * the end of the one before on another connection (FFmpeg's low-latency DASH PUTs under load);
 * a sample later than what already left of its track is dropped, never delivered going back.
 */
class TrackInterleaverTest {
    static List<MediaSample> audio(long fromMs, int n) {
        List<MediaSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new MediaSample(TrackType.AUDIO, fromMs + 21L * i, 0, true, new byte[8]));
        return out;
    }

    static List<MediaSample> video(long fromMs, int n) {
        List<MediaSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new MediaSample(TrackType.VIDEO, fromMs + 33L * i, 0, i == 0, new byte[8]));
        return out;
    }

    @Test
    void aSegmentOvertakenByTheNextOfItsTrackStillLeavesInDecodeOrder() {
        TrackInterleaver x = new TrackInterleaver(20_000, 1 << 20, 0, 500);
        x.expect(TrackType.AUDIO);
        x.expect(TrackType.VIDEO);
        List<MediaSample> out = new ArrayList<>();
        out.addAll(x.add(video(0, 150)));
        out.addAll(x.add(audio(0, 180)));       // 0 .. 3.76 s, its end still on the way
        out.addAll(x.add(audio(4000, 10)));     // the next segment's start overtakes it
        out.addAll(x.add(audio(3780, 10)));     // the end of the one before
        out.addAll(x.add(audio(4210, 60)));
        out.addAll(x.add(video(4950, 60)));
        out.addAll(x.drain());
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (MediaSample s : out) {
            int i = s.type().ordinal();
            if (s.decodeTime() < last[i]) throw new AssertionError(s.type() + " went back to " + s.decodeTime() + " after " + last[i]);
            last[i] = s.decodeTime();
        }
        assertEquals(150 + 180 + 10 + 10 + 60 + 60, out.size(), "nothing lost");
        assertEquals(0, x.late());
    }

    @Test
    void aSampleBehindWhatAlreadyLeftIsDroppedNotDeliveredBackwards() {
        TrackInterleaver x = new TrackInterleaver(20_000, 1 << 20, 0, 500);
        x.expect(TrackType.AUDIO);
        List<MediaSample> out = new ArrayList<>(x.add(audio(0, 100)));
        out.addAll(x.add(audio(100, 1)));
        assertEquals(1, x.late(), "100 ms is behind what left already");
        out.addAll(x.drain());
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).decodeTime() < out.get(i - 1).decodeTime()) throw new AssertionError("went back at " + i);
        }
    }
}
