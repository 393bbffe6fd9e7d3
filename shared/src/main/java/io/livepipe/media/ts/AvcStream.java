package io.livepipe.media.ts;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AnnexBVideo;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 of one PES stream, one access unit per PES, through {@link AnnexBVideo} into decoder
 * configurations and AVCC samples on the track's timeline (90 kHz to milliseconds).
 */
final class AvcStream {
    private final AnnexBVideo video = new AnnexBVideo();

    List<TsEvent> accessUnit(byte[] es, int from, int to, long dts90, long pts90, long at) {
        AnnexBVideo.Unit u;
        try {
            u = video.accessUnit(es, from, to);
        } catch (MalformedMediaException e) {
            throw new TsException(at, e.getMessage());
        }
        List<TsEvent> out = new ArrayList<>(2);
        if (u.record() != null) out.add(new TsEvent.Config(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, u.record())));
        if (u.avcc() == null) return out;
        long dts = Timeline.millis(dts90);
        long pts = Timeline.millis(pts90);
        long cto = pts - dts;
        if (cto < Integer.MIN_VALUE || cto > Integer.MAX_VALUE) throw new TsException(at, "PTS " + pts90 + " and DTS " + dts90 + " too far apart");
        out.add(new TsEvent.Sample(new MediaSample(TrackType.VIDEO, dts, (int) cto, u.keyframe(), u.avcc())));
        return out;
    }
}
