package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.media.mp4.TrackInfo;
import java.util.List;
import java.util.Map;

/**
 * One rendition as the manifest writers see it: its name, track (codecs, size, timescale),
 * measured bandwidths (bit/s, from segment sizes), frame rate, and the segments to list with
 * their init segments (by init id), the track each init id describes where it differs from
 * {@code track} (an encoder that came back with other settings), and the whole timeline they
 * come from (which numbers them: media sequence, discontinuity sequence, DASH periods). Plain
 * values: the writers know nothing of how segments were made.
 */
public record Rendition(String name, TrackInfo track, long peakBandwidth, long averageBandwidth, double frameRate,
                        List<Asset.Entry> segments, Map<String, String> initByRun, Map<String, TrackInfo> initTracks,
                        Asset.Timeline timeline) {

    public Rendition {
        initTracks = initTracks == null ? Map.of() : Map.copyOf(initTracks);
        if (timeline == null) timeline = new Asset.Timeline(initByRun, segments);
    }

    public Rendition(String name, TrackInfo track, long peakBandwidth, long averageBandwidth, double frameRate,
                     List<Asset.Entry> segments, Map<String, String> initByRun) {
        this(name, track, peakBandwidth, averageBandwidth, frameRate, segments, initByRun, Map.of(), null);
    }

    /** The track of the segments that need init {@code initId}. */
    public TrackInfo track(String initId) { return initTracks.getOrDefault(initId, track); }

    public static Rendition of(String name, TrackInfo track, double frameRate, List<Asset.Entry> segments, Map<String, String> inits) {
        return of(name, track, frameRate, segments, new Asset.Timeline(inits, segments), Map.of());
    }

    public static Rendition of(String name, TrackInfo track, double frameRate, List<Asset.Entry> segments, Map<String, String> inits,
                               Map<String, TrackInfo> initTracks) {
        return of(name, track, frameRate, segments, new Asset.Timeline(inits, segments), initTracks);
    }

    /** {@code segments}: those of {@code timeline} to list (all, or a clip of them). */
    public static Rendition of(String name, TrackInfo track, double frameRate, List<Asset.Entry> segments, Asset.Timeline timeline) {
        return of(name, track, frameRate, segments, timeline, Map.of());
    }

    public static Rendition of(String name, TrackInfo track, double frameRate, List<Asset.Entry> segments, Asset.Timeline timeline,
                               Map<String, TrackInfo> initTracks) {
        Map<String, String> inits = timeline.initByRun();
        long peak = 0, bytes = 0, ticks = 0;
        for (Asset.Entry e : segments) {
            double seconds = e.duration() / (double) e.timescale();
            if (seconds > 0) peak = Math.max(peak, (long) (e.size() * 8 / seconds));
            bytes += e.size();
            ticks += e.duration();
        }
        long average = ticks == 0 ? 0 : (long) (bytes * 8 / (ticks / (double) track.timescale()));
        return new Rendition(name, track, Math.max(peak, 1), Math.max(average, 1), frameRate, List.copyOf(segments), Map.copyOf(inits),
                initTracks, timeline);
    }
}
