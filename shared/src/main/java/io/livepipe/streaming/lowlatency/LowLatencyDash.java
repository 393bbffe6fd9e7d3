package io.livepipe.streaming.lowlatency;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * An LL-DASH MPD over the same chunked CMAF parts (ISO/IEC 23009-1 5.3.9.4 SegmentTemplate with
 * {@code $Number$} and {@code @duration}; 5.3.9.5.3 availability; Annex K ServiceDescription;
 * DASH-IF IOP "Low-latency Modes for DASH" §9.X.4: {@code availabilityTimeOffset},
 * {@code availabilityTimeComplete="false"}). A segment becomes available one part after it begins
 * ({@code availabilityTimeOffset} = segment duration − part target) and is delivered with
 * chunked transfer while it is being made. One Period from the run's first segment: segment
 * {@code n} presents from {@code (n − startNumber) × duration}, so the contribution's GOP must be
 * the channel's key-frame interval (segments of equal length) for the addresses to hold.
 */
public final class LowLatencyDash {
    private LowLatencyDash() { }

    /**
     * One representation: its URLs are relative to the MPD. {@code contentProtection}: the
     * ContentProtection elements of its AdaptationSet (cenc/cbcs, ISO/IEC 23009-1 5.8.4.1, as the
     * streaming endpoint's MPD writes them), or "" when clear.
     */
    public record Rep(String id, boolean video, String codecs, int width, int height, int sampleRate, int channels, long bandwidth,
                      int timescale, String initialization, String media, long startNumber, long presentationTimeOffset,
                      String contentProtection) {
        public Rep(String id, boolean video, String codecs, int width, int height, int sampleRate, int channels, long bandwidth,
                   int timescale, String initialization, String media, long startNumber, long presentationTimeOffset) {
            this(id, video, codecs, width, height, sampleRate, channels, bandwidth, timescale, initialization, media, startNumber,
                    presentationTimeOffset, "");
        }
    }

    /**
     * {@code availabilityStart}: the wall-clock time the first segment began; {@code segment},
     * {@code partTarget}, {@code window} in seconds; {@code targetLatencyMs} the ServiceDescription's target.
     */
    public static String mpd(List<Rep> reps, String periodId, Instant availabilityStart, Instant publish, double segment, double partTarget,
                             double window, long targetLatencyMs, String timeUrl) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"");
        if (reps.stream().anyMatch(r -> !r.contentProtection().isEmpty())) {
            sb.append(" xmlns:cenc=\"urn:mpeg:cenc:2013\" xmlns:mspr=\"urn:microsoft:playready\" xmlns:dashif=\"https://dashif.org/CPS\"");
        }
        sb.append(" profiles=\"urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019\"")
                .append(" type=\"dynamic\" availabilityStartTime=\"").append(availabilityStart.truncatedTo(ChronoUnit.MILLIS))
                .append("\" publishTime=\"").append(publish.truncatedTo(ChronoUnit.SECONDS))
                .append("\" minimumUpdatePeriod=\"PT").append(num(segment * 5)).append('S')
                .append("\" timeShiftBufferDepth=\"PT").append(num(window)).append('S')
                .append("\" maxSegmentDuration=\"PT").append(num(segment)).append('S')
                .append("\" minBufferTime=\"PT").append(num(partTarget * 2)).append("S\">\n");
        sb.append("  <ServiceDescription id=\"0\">\n")
                .append("    <Latency target=\"").append(targetLatencyMs).append("\" min=\"").append(Math.max(500, targetLatencyMs / 2))
                .append("\" max=\"").append(targetLatencyMs * 2).append("\" referenceId=\"0\"/>\n")
                .append("    <PlaybackRate min=\"0.96\" max=\"1.04\"/>\n  </ServiceDescription>\n");
        sb.append("  <Period id=\"").append(periodId).append("\" start=\"PT0S\">\n");
        for (boolean video : new boolean[] {true, false}) {
            List<Rep> set = reps.stream().filter(r -> r.video() == video).toList();
            if (set.isEmpty()) continue;
            sb.append("    <AdaptationSet contentType=\"").append(video ? "video" : "audio").append("\" mimeType=\"")
                    .append(video ? "video/mp4" : "audio/mp4").append("\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");
            sb.append(set.get(0).contentProtection());
            for (Rep r : set) {
                sb.append("      <Representation id=\"").append(r.id()).append("\" codecs=\"").append(r.codecs())
                        .append("\" bandwidth=\"").append(Math.max(1, r.bandwidth())).append('"');
                if (video) sb.append(" width=\"").append(r.width()).append("\" height=\"").append(r.height()).append('"');
                else sb.append(" audioSamplingRate=\"").append(r.sampleRate()).append('"');
                sb.append(">\n");
                if (!video) {
                    sb.append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"")
                            .append(Math.max(1, r.channels())).append("\"/>\n");
                }
                sb.append("        <SegmentTemplate timescale=\"").append(r.timescale()).append("\" duration=\"")
                        .append(Math.round(segment * r.timescale())).append("\" startNumber=\"").append(r.startNumber())
                        .append("\" presentationTimeOffset=\"").append(r.presentationTimeOffset())
                        .append("\" initialization=\"").append(r.initialization()).append("\" media=\"").append(r.media())
                        .append("\" availabilityTimeOffset=\"").append(num(segment - partTarget))
                        .append("\" availabilityTimeComplete=\"false\"/>\n");
                sb.append("      </Representation>\n");
            }
            sb.append("    </AdaptationSet>\n");
        }
        sb.append("  </Period>\n");
        sb.append("  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:http-xsdate:2014\" value=\"").append(timeUrl).append("\"/>\n");
        sb.append("</MPD>\n");
        return sb.toString();
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
