package io.livepipe.archive;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** An asset as the API shows it: duration, size in bytes, a summary per rendition, and the timeline on request of one asset. */
public record AssetView(String name, String channel, String program, String state, Instant created, Instant sealed,
                        double durationSeconds, long sizeBytes, Map<String, Integer> segmentsPerRendition,
                        Map<String, Asset.Timeline> timeline) {

    public static AssetView summary(Asset a) { return view(a, null); }

    public static AssetView of(Asset a) { return view(a, a.renditions()); }

    private static AssetView view(Asset a, Map<String, Asset.Timeline> timeline) {
        Map<String, Integer> counts = new TreeMap<>();
        a.renditions().forEach((k, v) -> counts.put(k, v.segments().size()));
        return new AssetView(a.name(), a.channel(), a.program(), a.state(), a.created(), a.sealed(), a.durationSeconds(),
                a.sizeBytes(), counts, timeline);
    }
}
