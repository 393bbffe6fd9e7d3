package io.livepipe.media.smooth;

import io.livepipe.media.TrackType;
import io.livepipe.media.h264.AvcConfig;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
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
 * wall clock, shared by all renditions ({@link MediaSegment#sharedTime}, which the caller
 * places): from the start of the presentation's earliest stretch,
 * so on-demand presentations start at about 0 (GStreamer's mssdemux fills anything before the
 * first fragment with gap events: absolute times since 1970 would never end), and gaps between
 * runs stay gaps. Fragment URLs are {@code QualityLevels({bitrate})/Fragments({video|audio}={time})}.
 */
public final class SmoothWriter {
    /** {@code SmoothStreamingMedia}'s own timescale (100 ns), for Duration and DVRWindowLength. */
    static final long TICKS = 10_000_000L;
    static final String PLAYREADY_SYSTEM_ID = "9A04F079-9840-4286-AB92-E65BE0885F95";

    private SmoothWriter() { }

    public static String manifest(List<Rendition> renditions, boolean vod, Duration dvrWindow, Encryption protection) {
        List<Rendition> video = renditions.stream().filter(r -> r.track().type() == TrackType.VIDEO).toList();
        Rendition audio = renditions.stream().filter(r -> r.track().type() == TrackType.AUDIO).findFirst().orElse(null);
        Rendition primary = video.isEmpty() ? audio : video.get(0);
        long duration = 0;
        if (primary != null && vod) {
            for (MediaSegment e : primary.segments()) duration += e.duration();
            duration = duration * TICKS / primary.track().timescale();
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<SmoothStreamingMedia MajorVersion=\"2\" MinorVersion=\"2\" TimeScale=\"").append(TICKS)
                .append("\" Duration=\"").append(duration).append('"');
        if (!vod) {
            // MS-SSTR names it LookaheadCount; IIS and Media Services wrote LookAheadFragmentCount, which GStreamer reads
            sb.append(" IsLive=\"TRUE\" LookaheadCount=\"").append(SmoothFragment.LOOKAHEAD)
                    .append("\" LookAheadFragmentCount=\"").append(SmoothFragment.LOOKAHEAD)
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
            chunks(sb, primary, vod);
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
            chunks(sb, audio, vod);
            sb.append("  </StreamIndex>\n");
        }
        if (protection.method() == Encryption.Method.CENC) {
            sb.append("  <Protection>\n    <ProtectionHeader SystemID=\"").append(PLAYREADY_SYSTEM_ID).append("\">")
                    .append(protection.key(TrackType.VIDEO).playReadyObject()).append("</ProtectionHeader>\n  </Protection>\n");
        }
        sb.append("</SmoothStreamingMedia>\n");
        return sb.toString();
    }

    /**
     * The fragments a manifest lists: all of a VOD; of a live presentation all but the last
     * {@link SmoothFragment#LOOKAHEAD}, which the fragments before them
     * announce in their tfrf (as Media Services' live manifests did; GStreamer's mssdemux reads
     * live fragments only so).
     */
    static List<MediaSegment> listed(Rendition r, boolean vod) {
        List<MediaSegment> segs = r.segments();
        if (vod) return segs;
        int keep = Math.max(Math.min(segs.size(), 1), segs.size() - SmoothFragment.LOOKAHEAD);
        return segs.subList(0, keep);
    }

    private static void chunks(StringBuilder sb, Rendition r, boolean vod) {
        for (MediaSegment e : listed(r, vod)) {
            sb.append("    <c t=\"").append(e.sharedTime()).append("\" d=\"").append(e.duration()).append("\"/>\n");
        }
    }
}
