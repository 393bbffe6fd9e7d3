package io.livepipe.encoder.push;

import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.Mp4Track;
import io.livepipe.media.mp4.TrackRun;
import java.util.ArrayList;
import java.util.List;

/**
 * One pushed track's clock: its runs' samples as {@link MediaSample}s in milliseconds of
 * presentation (the edit list applied, so audio priming and the B-frame delay end where the
 * encoder meant), decode times going on from the previous run where a fragment gives no base
 * time. Negative composition offsets (trun version 1) are taken up by decoding earlier: the decode
 * times of the track move back by the largest negative offset of its first run, and presentation
 * times stay exactly as sent.
 */
final class PushTrack {
    private final Mp4Track track;
    private long next = TrackRun.UNKNOWN;
    private long ctoShift = -1;

    PushTrack(Mp4Track track) { this.track = track; }

    Mp4Track track() { return track; }

    TrackType type() { return track.type(); }

    List<MediaSample> samples(TrackRun run) {
        long dts = run.baseDecodeTime() != TrackRun.UNKNOWN ? run.baseDecodeTime() : next == TrackRun.UNKNOWN ? 0 : next;
        if (ctoShift < 0) {
            long min = 0;
            for (TrackRun.Sample s : run.samples()) min = Math.min(min, s.compositionOffset());
            ctoShift = -min;
        }
        boolean video = track.type() == TrackType.VIDEO;
        List<MediaSample> out = new ArrayList<>(run.samples().size());
        for (TrackRun.Sample s : run.samples()) {
            long decodeMs = Math.floorDiv(track.micros(dts - ctoShift), 1000);
            long presentMs = Math.floorDiv(track.micros(dts + s.compositionOffset()), 1000);
            long cto = Math.max(0, presentMs - decodeMs);
            if (cto > Integer.MAX_VALUE) throw new MalformedMediaException("composition offset of track " + track.trackId() + " out of range");
            out.add(new MediaSample(track.type(), decodeMs, (int) cto, !video || s.sync(), s.data()));
            dts = Math.addExact(dts, s.duration());
        }
        next = dts;
        return out;
    }
}
