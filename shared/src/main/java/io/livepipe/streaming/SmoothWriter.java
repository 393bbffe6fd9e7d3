package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AvcConfig;
import io.livepipe.media.mp4.TrackInfo;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
 * <p>Smooth has no periods and no discontinuities, so a fragment's time is absolute (as Media
 * Services' live archives had it): the time since 1970 of its stretch's start ({@link
 * Asset.Stretch#epoch}, the earliest of the asset's renditions for that stretch, so audio and
 * video share it) in the track's timescale, plus its decode time within the stretch
 * ({@link #time}). Fragment URLs are {@code QualityLevels({bitrate})/Fragments({video|audio}={time})}.
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
            sb.append(" IsLive=\"TRUE\" LookaheadCount=\"0\" DVRWindowLength=\"").append(dvrWindow.toMillis() * (TICKS / 1000)).append('"');
        }
        sb.append(">\n");
        if (!video.isEmpty()) {
            TrackInfo t = video.get(0).track();
            int maxW = video.stream().mapToInt(r -> r.track().width()).max().orElse(0);
            int maxH = video.stream().mapToInt(r -> r.track().height()).max().orElse(0);
            sb.append("  <StreamIndex Type=\"video\" Name=\"video\" Chunks=\"").append(primary.segments().size())
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
            chunks(sb, a, primary);
            sb.append("  </StreamIndex>\n");
        }
        if (audio != null) {
            TrackInfo t = audio.track();
            sb.append("  <StreamIndex Type=\"audio\" Name=\"audio\" Language=\"und\" Chunks=\"").append(audio.segments().size())
                    .append("\" QualityLevels=\"1\" Url=\"QualityLevels({bitrate})/Fragments(audio={start time})\" TimeScale=\"")
                    .append(t.timescale()).append("\">\n");
            sb.append("    <QualityLevel Index=\"0\" Bitrate=\"").append(audio.averageBandwidth()).append("\" FourCC=\"AACL\" SamplingRate=\"")
                    .append(t.sampleRate()).append("\" Channels=\"").append(Math.max(1, t.channels()))
                    .append("\" BitsPerSample=\"16\" PacketSize=\"").append(4 * Math.max(1, t.channels()))
                    .append("\" AudioTag=\"255\" CodecPrivateData=\"").append(HexFormat.of().withUpperCase().formatHex(t.config().config()))
                    .append("\"/>\n");
            chunks(sb, a, audio);
            sb.append("  </StreamIndex>\n");
        }
        if (protection.scheme() == Protection.Scheme.CENC) {
            sb.append("  <Protection>\n    <ProtectionHeader SystemID=\"").append(PLAYREADY_SYSTEM_ID).append("\">")
                    .append(protection.key(TrackType.VIDEO).playReadyObject()).append("</ProtectionHeader>\n  </Protection>\n");
        }
        sb.append("</SmoothStreamingMedia>\n");
        return sb.toString();
    }

    private static void chunks(StringBuilder sb, Asset a, Rendition r) {
        for (Asset.Entry e : r.segments()) {
            sb.append("    <c t=\"").append(time(a, r.timeline(), e)).append("\" d=\"").append(e.duration()).append("\"/>\n");
        }
    }

    /**
     * A fragment's Smooth time in its track's timescale: its stretch's start since 1970 (the
     * earliest epoch any rendition of the asset has for that run and stretch) plus its decode time.
     */
    public static long time(Asset a, Asset.Timeline t, Asset.Entry e) {
        long key = t.stretchKey(e);
        java.time.Instant epoch = t.stretch(e) == null ? java.time.Instant.EPOCH : t.stretch(e).epoch();
        for (Map.Entry<String, Asset.Timeline> other : a.renditions().entrySet()) {
            Asset.Run run = other.getValue().runs().get(e.runId());
            if (run == null) continue;
            Asset.Stretch s = key == 0 ? run.start() : run.reconnects().get(key);
            if (s != null && s.epoch().isBefore(epoch)) epoch = s.epoch();
        }
        return Math.floorDiv(epoch.toEpochMilli() * e.timescale(), 1000) + e.decodeTime();
    }
}
