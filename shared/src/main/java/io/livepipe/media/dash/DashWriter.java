package io.livepipe.media.dash;

import io.livepipe.media.TrackType;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.manifest.KeySignalling;
import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.manifest.Stretch;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MPEG-DASH MPDs (ISO/IEC 23009-1: 5.3 MPD, 5.3.9.4 SegmentTemplate, 5.3.9.6 SegmentTimeline):
 * {@code dynamic} while the asset is live and {@code static} once VOD; one AdaptationSet per
 * media type; one Period per run, per init segment within it, and per encoder reconnect
 * ({@link DashPeriods}): a Representation has one Initialization, and a gap in time is a new
 * Period, never a timeline that jumps. Media URLs are {@code $RepresentationID$/{run}/$Time$.m4s}.
 *
 * <p>Live times (5.3.9.5.3): {@code availabilityStartTime} is fixed for the asset (the start of
 * its earliest stretch, to the second), each Period starts where its stretch starts by the wall
 * clock, and {@code presentationTimeOffset} is the stretch's first decode time (in every
 * representation's timescale, from the reference video track, so audio keeps its offset to
 * video). None of them moves while the window slides. The client's clock comes from
 * {@code UTCTiming} {@code urn:mpeg:dash:utc:http-xsdate:2014} at the platform's
 * {@code /api/time} (DASH-IF IOP 4.7): a {@code direct} value is stale by the time a cached MPD is
 * read, and GStreamer 1.22 mis-reads it (+498 h).
 */
public final class DashWriter {
    /**
     * What GStreamer's adaptivedemux2 (1.22) buffers before it plays a DASH stream that gives it
     * no hint (its 30 s default; HLS gets 1.5 segments): a live MPD's suggestedPresentationDelay
     * leaves that much media, plus two segments still being written, behind the live edge, or
     * GStreamer waits ~25 s in "buffering" before the first frame. Other players that honour the
     * suggestion start as far behind; they can be set closer (dash.js liveDelay, shaka
     * presentationDelay).
     */
    static final Duration PLAYER_START_BUFFER = Duration.ofSeconds(30);

    private DashWriter() { }

    /**
     * The suggested presentation delay of a live MPD: {@link #PLAYER_START_BUFFER} and two
     * segments, but within what is there — the time-shift window and the media listed so far
     * ({@code listed}, less a segment), never under three segments — so that a player's start
     * point always falls on a listed segment (GStreamer finds no Period otherwise).
     */
    static Duration presentationDelay(Duration window, Duration segmentDuration, Duration listed) {
        Duration d = PLAYER_START_BUFFER.plus(segmentDuration.multipliedBy(2));
        for (Duration most : List.of(window.minus(segmentDuration), listed.minus(segmentDuration))) {
            if (d.compareTo(most) > 0) d = most;
        }
        Duration least = segmentDuration.multipliedBy(3);
        return d.compareTo(least) < 0 ? least : d;
    }

    public static String mpd(List<Rendition> renditions, boolean vod, Duration window, Duration segmentDuration, Instant now) {
        return mpd(renditions, vod, window, segmentDuration, now, Encryption.CLEAR, null);
    }

    /**
     * With ContentProtection descriptors in each AdaptationSet of a {@code cenc} or {@code cbcs}
     * presentation (DASH-IF IOP 4.3 §7.7.2): the mp4protection scheme with {@code cenc:default_KID},
     * Widevine and PlayReady with their {@code cenc:pssh} (and PlayReady's {@code mspr:pro}), and
     * ClearKey with its license URL ({@code dashif:Laurl}). {@code timeUrl}: where a live
     * presentation's players read the time ({@code /api/time}). Not for an {@code envelope}
     * presentation (HLS only): the caller decides what to answer for one.
     */
    public static String mpd(List<Rendition> renditions, boolean vod, Duration window, Duration segmentDuration, Instant now,
                             Encryption protection, String timeUrl) {
        if (protection.method() == Encryption.Method.ENVELOPE) throw new IllegalArgumentException("envelope encryption is for HLS; DASH takes cenc or cbcs");
        Rendition ref = renditions.stream().filter(r -> r.track().type() == TrackType.VIDEO).findFirst().orElse(renditions.get(0));
        DashPeriods periods = DashPeriods.of(renditions);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"");
        if (!protection.clear()) {
            sb.append(" xmlns:cenc=\"urn:mpeg:cenc:2013\" xmlns:mspr=\"urn:microsoft:playready\" xmlns:dashif=\"https://dashif.org/CPS\"");
        }
        sb.append(" profiles=\"urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019\"");
        double total = ref.segments().stream().mapToDouble(e -> e.duration() / (double) e.timescale()).sum();
        Instant availabilityStart = availabilityStart(ref, now);
        if (vod) {
            sb.append(" type=\"static\" mediaPresentationDuration=\"").append(iso(total)).append('"');
        } else {
            sb.append(" type=\"dynamic\" availabilityStartTime=\"").append(availabilityStart)
                    .append("\" publishTime=\"").append(now.truncatedTo(ChronoUnit.MILLIS))
                    .append("\" timeShiftBufferDepth=\"").append(iso(window.toMillis() / 1000.0))
                    .append("\" minimumUpdatePeriod=\"").append(iso(segmentDuration.toMillis() / 1000.0))
                    .append("\" suggestedPresentationDelay=\"").append(iso(presentationDelay(window, segmentDuration, listed(ref, now)).toMillis() / 1000.0)).append('"');
        }
        sb.append(" minBufferTime=\"").append(iso(segmentDuration.toMillis() / 1000.0)).append("\">\n");
        double listedBefore = 0;
        for (DashPeriods.Span period : periods.spans()) {
            Rendition owner = ref.segments().stream().anyMatch(period::holds) ? ref
                    : renditions.stream().filter(r -> r.segments().stream().anyMatch(period::holds)).findFirst().orElse(null);
            if (owner == null) continue;
            MediaSegment first = owner.segments().stream().filter(period::holds).findFirst().orElseThrow();
            double ptoSeconds;
            double periodStart;
            if (vod) {
                ptoSeconds = first.decodeTime() / (double) first.timescale();
                periodStart = listedBefore;
            } else {
                Stretch stretch = first.stretch();
                ptoSeconds = stretch.timescale() == 0 ? first.decodeTime() / (double) first.timescale() : stretch.decodeTime() / (double) stretch.timescale();
                Instant wall = stretch.epoch() == null || stretch.timescale() == 0 ? first.start() : stretch.startTime();
                periodStart = Duration.between(availabilityStart, wall).toMillis() / 1000.0;
            }
            for (MediaSegment e : owner.segments()) if (period.holds(e)) listedBefore += e.duration() / (double) e.timescale();
            sb.append("  <Period id=\"").append(period.id()).append("\" start=\"").append(iso(periodStart)).append("\">\n");
            for (TrackType type : List.of(TrackType.VIDEO, TrackType.AUDIO)) {
                List<Rendition> set = renditions.stream().filter(r -> r.track().type() == type).toList();
                if (set.isEmpty()) continue;
                boolean video = type == TrackType.VIDEO;
                sb.append("    <AdaptationSet id=\"").append(video ? 0 : 1).append("\" contentType=\"").append(type.wireName()).append("\" mimeType=\"")
                        .append(video ? "video/mp4" : "audio/mp4").append("\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");
                if (!protection.clear()) contentProtection(sb, protection, protection.key(type));
                for (Rendition r : set) {
                    List<MediaSegment> segs = r.segments().stream().filter(period::holds).toList();
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
                    long pto = Math.round(ptoSeconds * track.timescale());
                    sb.append("        <SegmentTemplate timescale=\"").append(track.timescale())
                            .append("\" presentationTimeOffset=\"").append(pto)
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
        if (!vod && timeUrl != null) {
            sb.append("  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:http-xsdate:2014\" value=\"").append(xml(timeUrl)).append("\"/>\n");
        }
        sb.append("</MPD>\n");
        return sb.toString();
    }

    /** How much media is listed, by the wall clock: from the start of the earliest listed segment's stretch position to now. */
    static Duration listed(Rendition ref, Instant now) {
        if (ref.segments().isEmpty()) return Duration.ZERO;
        MediaSegment first = ref.segments().get(0);
        Stretch s = first.stretch();
        Instant start = s.timescale() == 0 ? first.start()
                : s.startTime().plusNanos((first.decodeTime() - s.decodeTime()) * 1_000_000_000L / s.timescale());
        return start.isAfter(now) ? Duration.ZERO : Duration.between(start, now);
    }

    /** The start of the reference rendition's earliest stretch ever stamped, to the second below: fixed for the asset. */
    static Instant availabilityStart(Rendition ref, Instant now) {
        Instant first = null;
        for (Stretch s : ref.stretches()) if (s.timescale() > 0 && (first == null || s.startTime().isBefore(first))) first = s.startTime();
        for (MediaSegment e : ref.segments()) {
            Stretch s = e.stretch();
            Instant t = s.timescale() == 0 ? e.start() : s.startTime();
            if (first == null || t.isBefore(first)) first = t;
        }
        return (first == null ? now : first).truncatedTo(ChronoUnit.SECONDS);
    }

    public static void contentProtection(StringBuilder sb, Encryption p, KeySignalling k) {
        String scheme = p.method() == Encryption.Method.CBCS ? "cbcs" : "cenc";
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
    static void timeline(StringBuilder sb, List<MediaSegment> segs) {
        int i = 0;
        long expected = Long.MIN_VALUE;
        while (i < segs.size()) {
            MediaSegment e = segs.get(i);
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
            MediaSegment last = segs.get(i + repeat);
            expected = last.decodeTime() + last.duration();
            i += repeat + 1;
        }
    }

    static String iso(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", Math.max(0, seconds));
    }
}
