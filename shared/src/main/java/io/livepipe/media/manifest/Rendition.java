package io.livepipe.media.manifest;

import io.livepipe.media.mp4.TrackInfo;
import java.util.List;
import java.util.Map;

/**
 * One rendition as the manifest writers see it: its name, track (codecs, size, timescale),
 * measured bandwidths (bit/s, from segment sizes), frame rate, the segments to list, the track
 * each init id describes where it differs from {@code track} (an encoder that came back with
 * other settings), and every stretch its timeline ever held (kept after their segments left the
 * window, so that a live presentation's start stays where it was).
 */
public record Rendition(String name, TrackInfo track, long peakBandwidth, long averageBandwidth, double frameRate,
                        List<MediaSegment> segments, Map<String, TrackInfo> initTracks, List<Stretch> stretches) {
    public Rendition {
        segments = List.copyOf(segments);
        initTracks = initTracks == null ? Map.of() : Map.copyOf(initTracks);
        stretches = stretches == null ? List.of() : List.copyOf(stretches);
    }

    /** The track of the segments that need init {@code initId}. */
    public TrackInfo track(String initId) { return initTracks.getOrDefault(initId, track); }

    /** With bandwidths measured from the segments' sizes: the peak of any one, and the average over all. */
    public static Rendition of(String name, TrackInfo track, double frameRate, List<MediaSegment> segments,
                               Map<String, TrackInfo> initTracks, List<Stretch> stretches) {
        long peak = 0, bytes = 0, ticks = 0;
        for (MediaSegment e : segments) {
            double seconds = e.seconds();
            if (seconds > 0) peak = Math.max(peak, (long) (e.size() * 8 / seconds));
            bytes += e.size();
            ticks += e.duration();
        }
        long average = ticks == 0 ? 0 : (long) (bytes * 8 / (ticks / (double) track.timescale()));
        return new Rendition(name, track, Math.max(peak, 1), Math.max(average, 1), frameRate, segments, initTracks, stretches);
    }
}
