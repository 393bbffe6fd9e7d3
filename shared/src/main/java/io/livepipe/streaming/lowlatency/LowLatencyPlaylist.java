package io.livepipe.streaming.lowlatency;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One rendition's live edge as a low-latency media playlist (RFC 8216bis, version 9): whole
 * segments with their parts, the open segment's parts so far, a preload hint for the next part,
 * and the other renditions' positions. URIs are relative to the playlist. Segments older than
 * three target durations from the end carry no parts (§4.4.4.9: parts that old SHOULD go).
 */
public record LowLatencyPlaylist(int targetDuration, double partTarget, long discontinuitySequence, List<Seg> segments,
                                 String preloadHint, List<Report> reports) {

    /** A segment: whole ({@code uri} set, duration known) or still open ({@code uri} null). {@code map}: its init's URI. */
    public record Seg(long msn, double duration, Instant programDateTime, boolean discontinuity, String map, String uri,
                      List<PartRef> parts) {
        public boolean complete() { return uri != null; }
    }

    public record PartRef(String uri, double duration, boolean independent) { }

    /** Another rendition: its playlist URI and its last segment and part (§4.4.5.4). */
    public record Report(String uri, long lastMsn, int lastPart) { }

    public LowLatencyPlaylist {
        segments = List.copyOf(segments);
        reports = List.copyOf(reports);
    }

    /** PART-HOLD-BACK: three part targets (§4.4.3.8: at least three times the part target). */
    public double partHoldBack() { return 3 * partTarget; }

    /** CAN-SKIP-UNTIL: six target durations (§4.4.3.8: at least six). */
    public double skipUntil() { return 6.0 * targetDuration; }

    /** The media playlist; {@code skip}: a delta update (§6.2.5.1), the whole segments older than the skip boundary left out. */
    public String render(boolean skip) { return render(skip, null); }

    /**
     * As {@link #render(boolean)}; {@code keyLine} (null: clear) gives each segment's EXT-X-KEY
     * attribute list, written before its parts and whole segment (a key applies to the Partial
     * Segments that follow it, RFC 8216bis §4.4.4.4), and METHOD=NONE before a later EXT-X-MAP so
     * that init segments stay clear, as the streaming endpoint's envelope playlists do.
     */
    public String render(boolean skip, java.util.function.Function<Seg, String> keyLine) { return render(skip, keyLine, List.of()); }

    /**
     * As {@link #render(boolean)} under sample encryption (SAMPLE-AES cbcs, or SAMPLE-AES-CTR):
     * {@code keys}' EXT-X-KEY attribute lists once before the first map, as the streaming
     * endpoint's playlists of the locator carry them; they apply to every map, part and segment.
     */
    public String renderWithKeys(boolean skip, List<String> keys) { return render(skip, null, keys); }

    private String render(boolean skip, java.util.function.Function<Seg, String> keyLine, List<String> keys) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:9\n");
        sb.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        sb.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=").append(seconds(skipUntil()))
                .append(",PART-HOLD-BACK=").append(seconds(partHoldBack())).append('\n');
        sb.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(partTarget)).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.get(0).msn()).append('\n');
        sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        int skipped = skip ? skippable() : 0;
        if (skipped > 0) sb.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
        for (String k : keys) sb.append("#EXT-X-KEY:").append(k).append('\n');
        double total = 0;
        for (Seg s : segments) total += s.duration();
        double partsFrom = total - 3.0 * targetDuration;
        double at = 0;
        String map = null;
        for (int i = 0; i < segments.size(); i++) {
            Seg s = segments.get(i);
            double start = at;
            at += s.duration();
            if (i < skipped) continue; // a delta update names the map again: the player may not carry it over

            if (s.discontinuity() && i > 0) sb.append("#EXT-X-DISCONTINUITY\n");
            if (!s.map().equals(map)) {
                if (keyLine != null && map != null) sb.append("#EXT-X-KEY:METHOD=NONE\n");
                sb.append("#EXT-X-MAP:URI=\"").append(s.map()).append("\"\n");
                map = s.map();
            }
            if (keyLine != null) sb.append("#EXT-X-KEY:").append(keyLine.apply(s)).append('\n');
            sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(s.programDateTime()).append('\n');
            if (!s.complete() || start + s.duration() > partsFrom) {
                for (PartRef p : s.parts()) {
                    sb.append("#EXT-X-PART:DURATION=").append(seconds(p.duration())).append(",URI=\"").append(p.uri()).append('"');
                    if (p.independent()) sb.append(",INDEPENDENT=YES");
                    sb.append('\n');
                }
            }
            if (s.complete()) {
                sb.append("#EXTINF:").append(seconds(s.duration())).append(",\n").append(s.uri()).append('\n');
            }
        }
        if (preloadHint != null) sb.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(preloadHint).append("\"\n");
        for (Report r : reports) {
            sb.append("#EXT-X-RENDITION-REPORT:URI=\"").append(r.uri()).append("\",LAST-MSN=").append(r.lastMsn());
            if (r.lastPart() >= 0) sb.append(",LAST-PART=").append(r.lastPart());
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Whole segments that end before the skip boundary (CAN-SKIP-UNTIL before the playlist's end), from the first. */
    int skippable() {
        double total = 0;
        for (Seg s : segments) total += s.duration();
        double boundary = total - skipUntil();
        double at = 0;
        int n = 0;
        for (Seg s : segments) {
            at += s.duration();
            if (!s.complete() || at > boundary) break;
            n++;
        }
        return n;
    }

    static String seconds(double s) { return String.format(Locale.ROOT, "%.3f", s); }
}
