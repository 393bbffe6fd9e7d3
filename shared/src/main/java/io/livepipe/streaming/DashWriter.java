package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * MPEG-DASH MPDs (ISO/IEC 23009-1: 5.3 MPD, 5.3.9.4 SegmentTemplate, 5.3.9.6 SegmentTimeline):
 * {@code dynamic} while the asset is live (availabilityStartTime, publishTime,
 * timeShiftBufferDepth = archive window, minimumUpdatePeriod, UTCTiming) and {@code static}
 * once VOD; one AdaptationSet per media type; one Period per init segment (per run, and per
 * codec configuration within a run), so a new run or an encoder that came back with other
 * settings starts a new Period (a Representation has one Initialization). Media URLs are
 * {@code $RepresentationID$/{run}/$Time$.m4s}.
 */
public final class DashWriter {
    private DashWriter() { }

    public static String mpd(List<Rendition> renditions, boolean vod, Duration window, Duration segmentDuration, Instant now) {
        return mpd(renditions, vod, window, segmentDuration, now, Protection.CLEAR);
    }

    /**
     * With ContentProtection descriptors in each AdaptationSet of a {@code cenc} or {@code cbcs}
     * presentation (DASH-IF IOP 4.3 §7.7.2): the mp4protection scheme with {@code cenc:default_KID},
     * Widevine and PlayReady with their {@code cenc:pssh} (and PlayReady's {@code mspr:pro}), and
     * ClearKey with its license URL ({@code dashif:Laurl}).
     */
    public static String mpd(List<Rendition> renditions, boolean vod, Duration window, Duration segmentDuration, Instant now,
                             Protection protection) {
        if (protection.scheme() == Protection.Scheme.ENVELOPE) throw new StreamingException(404, "envelope encryption is for HLS; DASH takes cenc or cbcs");
        Instant first = null;
        for (Rendition r : renditions) {
            for (Asset.Entry e : r.segments()) {
                Instant start = start(e);
                if (first == null || start.isBefore(first)) first = start;
            }
        }
        if (first == null) first = now;
        DashPeriods periods = DashPeriods.of(renditions);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"");
        if (!protection.clear()) {
            sb.append(" xmlns:cenc=\"urn:mpeg:cenc:2013\" xmlns:mspr=\"urn:microsoft:playready\" xmlns:dashif=\"https://dashif.org/CPS\"");
        }
        sb.append(" profiles=\"urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019\"");
        double total = 0;
        for (Rendition r : renditions) {
            if (r.track().type() != TrackType.VIDEO && renditions.stream().anyMatch(x -> x.track().type() == TrackType.VIDEO)) continue;
            total = Math.max(total, r.segments().stream().mapToDouble(e -> e.duration() / (double) e.timescale()).sum());
        }
        if (vod) {
            sb.append(" type=\"static\" mediaPresentationDuration=\"").append(iso(total)).append('"');
        } else {
            sb.append(" type=\"dynamic\" availabilityStartTime=\"").append(first.truncatedTo(ChronoUnit.MILLIS))
                    .append("\" publishTime=\"").append(now.truncatedTo(ChronoUnit.MILLIS))
                    .append("\" timeShiftBufferDepth=\"").append(iso(window.toMillis() / 1000.0))
                    .append("\" minimumUpdatePeriod=\"").append(iso(segmentDuration.toMillis() / 1000.0))
                    .append("\" suggestedPresentationDelay=\"").append(iso(3 * segmentDuration.toMillis() / 1000.0)).append('"');
        }
        sb.append(" minBufferTime=\"").append(iso(segmentDuration.toMillis() / 1000.0)).append("\">\n");
        for (DashPeriods.Span period : periods.spans()) {
            Instant runStart = null;
            for (Rendition r : renditions) for (Asset.Entry e : r.segments()) {
                if (period.holds(e) && (runStart == null || start(e).isBefore(runStart))) runStart = start(e);
            }
            if (runStart == null) continue;
            double periodStart = vod ? startInVod(renditions, period) : Duration.between(first, runStart).toMillis() / 1000.0;
            sb.append("  <Period id=\"").append(period.id()).append("\" start=\"").append(iso(periodStart)).append("\">\n");
            for (TrackType type : List.of(TrackType.VIDEO, TrackType.AUDIO)) {
                List<Rendition> set = renditions.stream().filter(r -> r.track().type() == type).toList();
                if (set.isEmpty()) continue;
                boolean video = type == TrackType.VIDEO;
                sb.append("    <AdaptationSet contentType=\"").append(type.wireName()).append("\" mimeType=\"")
                        .append(video ? "video/mp4" : "audio/mp4").append("\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");
                if (!protection.clear()) contentProtection(sb, protection, protection.key(type));
                for (Rendition r : set) {
                    List<Asset.Entry> segs = r.segments().stream().filter(period::holds).toList();
                    if (segs.isEmpty()) continue;
                    String init = segs.get(0).initId();
                    TrackInfo track = r.track(init);
                    sb.append("      <Representation id=\"").append(r.name()).append("\" bandwidth=\"").append(r.peakBandwidth())
                            .append("\" codecs=\"").append(track.codecs()).append('"');
                    if (video) {
                        sb.append(" width=\"").append(track.width()).append("\" height=\"").append(track.height()).append('"');
                        if (r.frameRate() > 0) sb.append(" frameRate=\"").append(Math.round(r.frameRate())).append('"');
                        sb.append(">\n");
                    } else {
                        sb.append(" audioSamplingRate=\"").append(track.sampleRate()).append("\">\n");
                        sb.append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"")
                                .append(Math.max(1, track.channels())).append("\"/>\n");
                    }
                    sb.append("        <SegmentTemplate timescale=\"").append(track.timescale())
                            .append("\" presentationTimeOffset=\"").append(segs.get(0).decodeTime())
                            .append("\" initialization=\"$RepresentationID$/init-").append(init)
                            .append(".mp4\" media=\"$RepresentationID$/").append(segs.get(0).runId()).append("/$Time$.m4s\">\n");
                    sb.append("          <SegmentTimeline>\n");
                    timeline(sb, segs);
                    sb.append("          </SegmentTimeline>\n        </SegmentTemplate>\n      </Representation>\n");
                }
                sb.append("    </AdaptationSet>\n");
            }
            sb.append("  </Period>\n");
        }
        if (!vod) sb.append("  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:direct:2014\" value=\"").append(now.truncatedTo(ChronoUnit.MILLIS)).append("\"/>\n");
        sb.append("</MPD>\n");
        return sb.toString();
    }

    static void contentProtection(StringBuilder sb, Protection p, Protection.KeySignalling k) {
        String scheme = p.scheme() == Protection.Scheme.CBCS ? "cbcs" : "cenc";
        sb.append("      <ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"").append(scheme)
                .append("\" cenc:default_KID=\"").append(k.keyId()).append("\"/>\n");
        sb.append("      <ContentProtection schemeIdUri=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\" value=\"Widevine\">\n");
        if (k.widevineLicenseUrl() != null) sb.append("        <dashif:Laurl>").append(xml(k.widevineLicenseUrl())).append("</dashif:Laurl>\n");
        sb.append("        <cenc:pssh>").append(k.widevinePssh()).append("</cenc:pssh>\n      </ContentProtection>\n");
        sb.append("      <ContentProtection schemeIdUri=\"urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95\" value=\"MSPR 2.0\">\n");
        if (k.playReadyLicenseUrl() != null) sb.append("        <dashif:Laurl>").append(xml(k.playReadyLicenseUrl())).append("</dashif:Laurl>\n");
        sb.append("        <cenc:pssh>").append(k.playReadyPssh()).append("</cenc:pssh>\n");
        sb.append("        <mspr:pro>").append(k.playReadyObject()).append("</mspr:pro>\n      </ContentProtection>\n");
        sb.append("      <ContentProtection schemeIdUri=\"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\" value=\"ClearKey1.0\">\n");
        sb.append("        <dashif:Laurl>").append(xml(k.clearKeyLicenseUrl())).append("</dashif:Laurl>\n      </ContentProtection>\n");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** S elements with run-length compression: equal durations in a contiguous run share one @r. */
    static void timeline(StringBuilder sb, List<Asset.Entry> segs) {
        int i = 0;
        long expected = Long.MIN_VALUE;
        while (i < segs.size()) {
            Asset.Entry e = segs.get(i);
            int repeat = 0;
            while (i + repeat + 1 < segs.size() && segs.get(i + repeat + 1).duration() == e.duration()
                    && segs.get(i + repeat + 1).decodeTime() == segs.get(i + repeat).decodeTime() + e.duration()) {
                repeat++;
            }
            sb.append("            <S");
            if (e.decodeTime() != expected) sb.append(" t=\"").append(e.decodeTime()).append('"');
            sb.append(" d=\"").append(e.duration()).append('"');
            if (repeat > 0) sb.append(" r=\"").append(repeat).append('"');
            sb.append("/>\n");
            Asset.Entry last = segs.get(i + repeat);
            expected = last.decodeTime() + last.duration();
            i += repeat + 1;
        }
    }

    private static double startInVod(List<Rendition> renditions, DashPeriods.Span period) {
        double before = 0;
        Rendition ref = renditions.stream().filter(r -> r.track().type() == TrackType.VIDEO).findFirst().orElse(renditions.get(0));
        for (Asset.Entry e : ref.segments()) {
            if (period.holds(e)) break;
            before += e.duration() / (double) e.timescale();
        }
        return before;
    }

    private static Instant start(Asset.Entry e) {
        return e.created().minusNanos(e.duration() * 1_000_000_000L / e.timescale());
    }

    static String iso(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", Math.max(0, seconds));
    }
}
