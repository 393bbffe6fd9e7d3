package io.livepipe.media.dash;

import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where an MPD's Periods begin: one per run, and within a run a new one wherever any rendition
 * switches to another init segment (an encoder that came back with other settings; ISO/IEC
 * 23009-1 §5.3.9.5: a Representation has one Initialization Segment) or an encoder reconnected
 * (a segment flagged as a discontinuity: the media is continuous, the wall clock went on). Each rendition switches
 * on its own first segment after the change, and audio and video are cut within an audio frame
 * of each other, so switch points closer than half the run's shortest segment are one. A run
 * that never switches is one Period whose id is the run id, as it always was.
 */
record DashPeriods(List<Span> spans) {
    /** A Period: its id, its run, and the segment start times (seconds on the run's timeline) it holds. */
    record Span(String id, String run, double from, double to) {
        boolean holds(MediaSegment e) {
            double t = e.decodeTime() / (double) e.timescale();
            return e.runId().equals(run) && t >= from && t < to;
        }
    }

    static DashPeriods of(List<Rendition> renditions) {
        List<String> runs = new ArrayList<>();
        Map<String, TreeSet<Double>> switches = new HashMap<>();
        Map<String, Double> shortest = new HashMap<>();
        for (Rendition r : renditions) {
            Map<String, String> lastInit = new HashMap<>();
            for (MediaSegment e : r.segments()) {
                if (!runs.contains(e.runId())) runs.add(e.runId());
                double d = e.duration() / (double) e.timescale();
                shortest.merge(e.runId(), d, Math::min);
                String before = lastInit.put(e.runId(), e.initId());
                if (before != null && (!before.equals(e.initId()) || e.discontinuity())) {
                    switches.computeIfAbsent(e.runId(), k -> new TreeSet<>()).add(e.decodeTime() / (double) e.timescale());
                }
            }
        }
        List<Span> out = new ArrayList<>();
        for (String run : runs) {
            double tolerance = Math.min(0.5, shortest.getOrDefault(run, 1.0) / 2);
            List<Double> cuts = new ArrayList<>();
            for (double t : switches.getOrDefault(run, new TreeSet<>())) {
                if (cuts.isEmpty() || t - cuts.get(cuts.size() - 1) >= 2 * tolerance) cuts.add(t);
            }
            double from = Double.NEGATIVE_INFINITY;
            for (int i = 0; i <= cuts.size(); i++) {
                double to = i < cuts.size() ? cuts.get(i) - tolerance : Double.POSITIVE_INFINITY;
                out.add(new Span(i == 0 ? run : run + "." + i, run, from, to));
                from = to;
            }
        }
        return new DashPeriods(out);
    }
}
