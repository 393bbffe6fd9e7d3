package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AvcConfig;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The Smooth Streaming client manifest (MS-SSTR §2.2.2): {@code SmoothStreamingMedia} with one
 * video {@code StreamIndex} (every video rendition a {@code QualityLevel}, H.264 as FourCC
 * {@code H264} with its SPS and PPS in {@code CodecPrivateData}, §2.2.2.5) and one audio
 * {@code StreamIndex} (AAC-LC as {@code AACL} with its AudioSpecificConfig), each with its
 * track's timescale and a {@code c} element per fragment, its time always given (so gaps between
 * runs need no arithmetic in the client). Live: {@code IsLive}, {@code DVRWindowLength} (the
 * archive window), {@code LookaheadCount} 0 (no tfrf: clients refresh the manifest). A cenc
 * locator adds {@code Protection} with a PlayReady {@code ProtectionHeader} (§2.2.2.2: the
 * PlayReady header object, base64, naming the key id and our license URL).
 *
 * <p>Smooth has no periods and no discontinuities, so a fragment's time is its place on the
 * wall clock ({@link #time}): from the start of the asset's earliest stretch ({@link #origin}),
 * so on-demand presentations start at about 0 (GStreamer's mssdemux fills anything before the
 * first fragment with gap events: absolute times since 1970 would never end), and gaps between
 * runs stay gaps. Fragment URLs are {@code QualityLevels({bitrate})/Fragments({video|audio}={time})}.
 */
public final class SmoothWriter {
    /** {@code SmoothStreamingMedia}'s own timescale (100 ns), for Duration and DVRWindowLength. */
    static final long TICKS = 10_000_000L;
    static final String PLAYREADY_SYSTEM_ID = "9A04F079-9840-4286-AB92-E65BE0885F95";

    private SmoothWriter() { }

    public static String manifest(Asset a, List<Rendition> renditions, boolean vod, Duration dvrWindow, Protection protection) {
        List<Rendition> video = renditions.stream().filter(r -> r.track().type() == TrackType.VIDEO).toList();
        Rendition audio = renditions.stream().filter(r -> r.track().type() == TrackType.AUDIO).findFirst().orElse(null);
        Rendition primary = video.isEmpty() ? audio : video.get(0);
        long duration = 0;
        if (primary != null && vod) {
            for (Asset.Entry e : primary.segments()) duration += e.duration();
            duration = duration * TICKS / primary.track().timescale();
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<SmoothStreamingMedia MajorVersion=\"2\" MinorVersion=\"2\" TimeScale=\"").append(TICKS)
                .append("\" Duration=\"").append(duration).append('"');
        if (!vod) {
            // MS-SSTR names it LookaheadCount; IIS and Media Services wrote LookAheadFragmentCount, which GStreamer reads
            sb.append(" IsLive=\"TRUE\" LookaheadCount=\"").append(io.livepipe.media.smooth.SmoothFragment.LOOKAHEAD)
                    .append("\" LookAheadFragmentCount=\"").append(io.livepipe.media.smooth.SmoothFragment.LOOKAHEAD)
                    .append("\" DVRWindowLength=\"").append(dvrWindow.toMillis() * (TICKS / 1000)).append('"');
        }
        sb.append(">\n");
        if (!video.isEmpty()) {
            TrackInfo t = video.get(0).track();
            int maxW = video.stream().mapToInt(r -> r.track().width()).max().orElse(0);
            int maxH = video.stream().mapToInt(r -> r.track().height()).max().orElse(0);
            sb.append("  <StreamIndex Type=\"video\" Name=\"video\" Chunks=\"").append(listed(primary, vod).size())
                    .append("\" QualityLevels=\"").append(video.size()).append("\" Url=\"QualityLevels({bitrate})/Fragments(video={start time})\"")
                    .append(" MaxWidth=\"").append(maxW).append("\" MaxHeight=\"").append(maxH)
                    .append("\" DisplayWidth=\"").append(t.width()).append("\" DisplayHeight=\"").append(t.height())
                    .append("\" TimeScale=\"").append(t.timescale()).append("\">\n");
            for (int i = 0; i < video.size(); i++) {
                Rendition r = video.get(i);
                AvcConfig avc = AvcConfig.parse(r.track().config().config());
                StringBuilder cpd = new StringBuilder();
                for (byte[] s : avc.sps()) cpd.append("00000001").append(HexFormat.of().withUpperCase().formatHex(s));
                for (byte[] p : avc.pps()) cpd.append("00000001").append(HexFormat.of().withUpperCase().formatHex(p));
                sb.append("    <QualityLevel Index=\"").append(i).append("\" Bitrate=\"").append(r.averageBandwidth())
                        .append("\" FourCC=\"H264\" MaxWidth=\"").append(r.track().width()).append("\" MaxHeight=\"").append(r.track().height())
                        .append("\" CodecPrivateData=\"").append(cpd).append("\"/>\n");
            }
            chunks(sb, a, primary, vod);
            sb.append("  </StreamIndex>\n");
        }
        if (audio != null) {
            TrackInfo t = audio.track();
            sb.append("  <StreamIndex Type=\"audio\" Name=\"audio\" Language=\"und\" Chunks=\"").append(listed(audio, vod).size())
                    .append("\" QualityLevels=\"1\" Url=\"QualityLevels({bitrate})/Fragments(audio={start time})\" TimeScale=\"")
                    .append(t.timescale()).append("\">\n");
            sb.append("    <QualityLevel Index=\"0\" Bitrate=\"").append(audio.averageBandwidth()).append("\" FourCC=\"AACL\" SamplingRate=\"")
                    .append(t.sampleRate()).append("\" Channels=\"").append(Math.max(1, t.channels()))
                    .append("\" BitsPerSample=\"16\" PacketSize=\"").append(4 * Math.max(1, t.channels()))
                    .append("\" AudioTag=\"255\" CodecPrivateData=\"").append(HexFormat.of().withUpperCase().formatHex(t.config().config()))
                    .append("\"/>\n");
            chunks(sb, a, audio, vod);
            sb.append("  </StreamIndex>\n");
        }
        if (protection.scheme() == Protection.Scheme.CENC) {
            sb.append("  <Protection>\n    <ProtectionHeader SystemID=\"").append(PLAYREADY_SYSTEM_ID).append("\">")
                    .append(protection.key(TrackType.VIDEO).playReadyObject()).append("</ProtectionHeader>\n  </Protection>\n");
        }
        sb.append("</SmoothStreamingMedia>\n");
        return sb.toString();
    }

    /**
     * The fragments a manifest lists: all of a VOD; of a live presentation all but the last
     * {@link io.livepipe.media.smooth.SmoothFragment#LOOKAHEAD}, which the fragments before them
     * announce in their tfrf (as Media Services' live manifests did; GStreamer's mssdemux reads
     * live fragments only so).
     */
    static List<Asset.Entry> listed(Rendition r, boolean vod) {
        List<Asset.Entry> segs = r.segments();
        if (vod) return segs;
        int keep = Math.max(Math.min(segs.size(), 1), segs.size() - io.livepipe.media.smooth.SmoothFragment.LOOKAHEAD);
        return segs.subList(0, keep);
    }

    private static void chunks(StringBuilder sb, Asset a, Rendition r, boolean vod) {
        java.time.Instant origin = origin(a);
        for (Asset.Entry e : listed(r, vod)) {
            sb.append("    <c t=\"").append(time(a, origin, r.timeline(), e)).append("\" d=\"").append(e.duration()).append("\"/>\n");
        }
    }

    /**
     * Where Smooth time 0 is: the earliest wall-clock start of any stretch any rendition of the
     * asset ever stamped (kept after its segments leave the window, so it holds while the window
     * slides), each stretch placed on the epoch its renditions share ({@link #sharedEpoch}), as
     * {@link #time} places fragments; null for a timeline that kept no runs.
     */
    public static java.time.Instant origin(Asset a) {
        java.time.Instant origin = null;
        for (Asset.Timeline t : a.renditions().values()) {
            for (java.util.Map.Entry<String, Asset.Run> run : t.runs().entrySet()) {
                java.util.Map<Long, Asset.Stretch> stretches = new java.util.HashMap<>(run.getValue().reconnects());
                if (run.getValue().start() != null) stretches.put(0L, run.getValue().start());
                for (java.util.Map.Entry<Long, Asset.Stretch> s : stretches.entrySet()) {
                    Asset.Stretch st = s.getValue();
                    if (st.timescale() == 0) continue;
                    java.time.Instant at = sharedEpoch(a, run.getKey(), s.getKey(), st.epoch())
                            .plusNanos(st.decodeTime() * 1_000_000L / st.timescale() * 1000);
                    if (origin == null || at.isBefore(origin)) origin = at;
                }
            }
        }
        return origin;
    }

    /** The epoch (wall time of decode time 0) of a run's stretch, as the earliest of the asset's renditions estimated it, so audio and video share it. */
    static java.time.Instant sharedEpoch(Asset a, String runId, long key, java.time.Instant own) {
        java.time.Instant epoch = own;
        for (Asset.Timeline other : a.renditions().values()) {
            Asset.Run run = other.runs().get(runId);
            if (run == null) continue;
            Asset.Stretch s = key == 0 ? run.start() : run.reconnects().get(key);
            if (s != null && s.epoch().isBefore(epoch)) epoch = s.epoch();
        }
        return epoch;
    }

    /**
     * A fragment's Smooth time in its track's timescale: how long after {@code origin} its
     * stretch's decode time 0 falls ({@link #sharedEpoch}), plus its decode time. Audio and video
     * of a stretch share the epoch, so they stay in step; the asset's first fragment is at (about)
     * 0, as players of on-demand Smooth expect, and no fragment is before 0 (the origin is the
     * earliest start so placed).
     */
    public static long time(Asset a, java.time.Instant origin, Asset.Timeline t, Asset.Entry e) {
        Asset.Stretch own = t.stretch(e);
        if (origin == null || own == null) return e.decodeTime();
        java.time.Instant epoch = sharedEpoch(a, e.runId(), t.stretchKey(e), own.epoch());
        long micros = java.time.Duration.between(origin, epoch).toNanos() / 1000;
        return Math.max(0, Math.floorDiv(micros * e.timescale(), 1_000_000) + e.decodeTime());
    }
}
