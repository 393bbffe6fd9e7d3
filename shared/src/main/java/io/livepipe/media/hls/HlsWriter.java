package io.livepipe.media.hls;

import io.livepipe.crypto.HlsIv;
import io.livepipe.media.TrackType;
import io.livepipe.media.manifest.Encryption;
import io.livepipe.media.manifest.KeySignalling;
import io.livepipe.media.manifest.MediaSegment;
import io.livepipe.media.manifest.Rendition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * HLS playlists (RFC 8216; version 7 for fMP4 with EXT-X-MAP): a multivariant playlist with an
 * audio group, and media playlists with an EXT-X-MAP wherever the init segment changes (a new
 * run, or an encoder that came back with other settings), program date-times, a discontinuity
 * wherever a run, an init or a reconnect begins, and ENDLIST once the asset is VOD. URIs are
 * relative: {@code {rendition}.m3u8}, {@code {rendition}/init-{initId}.mp4},
 * {@code {rendition}/{run}/{decodeTime}.m4s}. Media sequence and discontinuity sequence numbers
 * are the segments' own ({@link MediaSegment}): whoever lists them keeps a URI's number across
 * runs, reconnects and a sliding window (RFC 8216 §6.2.1, §6.2.2).
 * A {@code playlistQuery} (such as {@code ?token=…} for players that cannot set headers) goes on
 * the media playlist URIs of a multivariant playlist only; key URIs carry what the
 * {@link Encryption} says; init and segment URIs never carry anything per viewer.
 */
public final class HlsWriter {
    private HlsWriter() { }

    public static String multivariant(List<Rendition> renditions) { return multivariant(renditions, Encryption.CLEAR); }

    /** With {@code EXT-X-SESSION-KEY} lines for a protected presentation, so players can fetch keys early. */
    public static String multivariant(List<Rendition> renditions, Encryption protection) {
        return multivariant(renditions, protection, "");
    }

    public static String multivariant(List<Rendition> renditions, Encryption protection, String playlistQuery) {
        return multivariant(renditions, protection, playlistQuery, false);
    }

    /**
     * {@code ts}: the MPEG-TS form ({@code format=m3u8-aapl}), version 3, whose media playlists
     * are {@code {rendition}.aapl.m3u8}: the same renditions, audio as its own rendition group
     * of audio-only TS segments, as Media Services wrote it.
     */
    public static String multivariant(List<Rendition> renditions, Encryption protection, String playlistQuery, boolean ts) {
        String playlist = ts ? ".aapl.m3u8" : ".m3u8";
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:" + (ts ? 3 : 7) + "\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (!protection.clear()) {
            for (String key : keyLines(protection, protection.key(TrackType.VIDEO), null)) {
                sb.append("#EXT-X-SESSION-KEY:").append(key).append('\n');
            }
        }
        Rendition audio = renditions.stream().filter(r -> r.track().type() == TrackType.AUDIO).findFirst().orElse(null);
        if (audio != null) {
            sb.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
                    .append(Math.max(1, audio.track().channels())).append("\",URI=\"").append(audio.name()).append(playlist).append(playlistQuery).append("\"\n");
        }
        for (Rendition r : renditions) {
            if (r.track().type() != TrackType.VIDEO) continue;
            long audioPeak = audio == null ? 0 : audio.peakBandwidth();
            long audioAvg = audio == null ? 0 : audio.averageBandwidth();
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(r.peakBandwidth() + audioPeak)
                    .append(",AVERAGE-BANDWIDTH=").append(r.averageBandwidth() + audioAvg)
                    .append(",CODECS=\"").append(r.track().codecs()).append(audio == null ? "" : "," + audio.track().codecs()).append('"')
                    .append(",RESOLUTION=").append(r.track().width()).append('x').append(r.track().height());
            if (r.frameRate() > 0) sb.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", r.frameRate()));
            if (audio != null) sb.append(",AUDIO=\"audio\"");
            sb.append('\n').append(r.name()).append(playlist).append(playlistQuery).append('\n');
        }
        return sb.toString();
    }

    public static String media(Rendition r, boolean vod) { return media(r, vod, Encryption.CLEAR); }

    /**
     * A media playlist. {@code envelope}: an {@code EXT-X-KEY} METHOD=AES-128 with the segment's
     * own IV before each segment, and METHOD=NONE before each {@code EXT-X-MAP} so that init
     * segments stay clear (RFC 8216 §4.3.2.4: a key applies to the maps that follow it).
     * {@code cbcs}: SAMPLE-AES keys for FairPlay ({@code skd://}), Widevine and PlayReady once at the top.
     */
    public static String media(Rendition r, boolean vod, Encryption protection) { return media(r, vod, protection, false); }

    /**
     * {@code ts}: the MPEG-TS form (version 3): no EXT-X-MAP (each TS segment carries its PAT,
     * PMT and parameter sets), segments {@code {rendition}/{run}/{decodeTime}.ts}, and for an
     * envelope the whole segment encrypted under the IV of {@link #tsIvName}.
     */
    public static String media(Rendition r, boolean vod, Encryption protection, boolean ts) {
        List<MediaSegment> segs = r.segments();
        long maxMs = 0;
        for (MediaSegment e : segs) maxMs = Math.max(maxMs, e.duration() * 1000 / e.timescale());
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:" + (ts ? 3 : 7) + "\n");
        sb.append("#EXT-X-TARGETDURATION:").append(Math.max(1, (maxMs + 999) / 1000)).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(segs.isEmpty() ? 0 : segs.get(0).mediaSequence()).append('\n');
        sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(segs.isEmpty() ? 0 : segs.get(0).discontinuitySequence()).append('\n');
        if (vod) sb.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        KeySignalling key = protection.clear() ? null : protection.key(r.track().type());
        boolean envelope = protection.method() == Encryption.Method.ENVELOPE;
        if (protection.method() == Encryption.Method.CBCS || protection.method() == Encryption.Method.CENC) {
            for (String k : keyLines(protection, key, null)) sb.append("#EXT-X-KEY:").append(k).append('\n');
        }
        String init = null;
        for (int i = 0; i < segs.size(); i++) {
            MediaSegment e = segs.get(i);
            boolean newRun = !e.initId().equals(init);
            if (i > 0 && (newRun || e.discontinuity())) sb.append("#EXT-X-DISCONTINUITY\n");
            if (newRun && !ts) {
                if (envelope && i > 0) sb.append("#EXT-X-KEY:METHOD=NONE\n");
                sb.append("#EXT-X-MAP:URI=\"").append(r.name()).append("/init-").append(e.initId()).append(".mp4\"\n");
            }
            init = e.initId();
            if (envelope) {
                String ivName = ts ? tsIvName(r.name()) : r.name();
                sb.append("#EXT-X-KEY:").append(keyLines(protection, key, HlsIv.ofSegment(ivName, e.runId(), e.decodeTime())).get(0)).append('\n');
            }
            if (i == 0 || newRun || e.discontinuity()) {
                Instant start = e.start().truncatedTo(ChronoUnit.MILLIS);
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(start).append('\n');
            }
            sb.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", e.duration() / (double) e.timescale())).append(",\n");
            sb.append(r.name()).append('/').append(e.runId()).append('/').append(e.decodeTime()).append(ts ? ".ts\n" : ".m4s\n");
        }
        if (vod) sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }

    /**
     * The name a TS segment's envelope IV is derived from: not the fMP4 segment's, so the same
     * key never meets two plaintexts under one IV.
     */
    public static String tsIvName(String rendition) { return rendition + ".ts"; }

    /** The attribute lists of the EXT-X-KEY (or SESSION-KEY) lines a protected rendition carries. */
    public static List<String> keyLines(Encryption p, KeySignalling k, byte[] iv) {
        return switch (p.method()) {
            case CLEAR -> List.of();
            case ENVELOPE -> List.of("METHOD=AES-128,URI=\"" + k.hlsKeyUri() + "\""
                    + (iv == null ? "" : ",IV=" + HlsIv.attribute(iv)));
            case CBCS -> List.of(
                    "METHOD=SAMPLE-AES,URI=\"skd://" + k.keyId() + "\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"",
                    "METHOD=SAMPLE-AES,URI=\"data:text/plain;base64," + k.widevinePssh()
                            + "\",KEYID=0x" + k.keyId().replace("-", "") + ",KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"",
                    "METHOD=SAMPLE-AES,URI=\"data:text/plain;charset=UTF-16;base64," + k.playReadyObject()
                            + "\",KEYFORMAT=\"com.microsoft.playready\",KEYFORMATVERSIONS=\"1\"",
                    clearKeyLine("SAMPLE-AES", k));
            // cenc is a DASH scheme here: HLS players take cbcs; an HLS manifest of a cenc locator
            // still says how its samples are encrypted, for players that do CTR (SAMPLE-AES-CTR).
            case CENC -> List.of("METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64," + k.widevinePssh()
                    + "\",KEYID=0x" + k.keyId().replace("-", "") + ",KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\",KEYFORMATVERSIONS=\"1\"",
                    clearKeyLine("SAMPLE-AES-CTR", k));
        };
    }

    /**
     * The W3C ClearKey key (KEYFORMAT "org.w3.clearkey", as hls.js names it): the key id as the
     * data URI and KEYID; the key itself comes from the locator's ClearKey license
     * ({@code /api/license/clearkey/{locator}}) that the player is configured with.
     */
    private static String clearKeyLine(String method, KeySignalling k) {
        java.util.UUID id = java.util.UUID.fromString(k.keyId());
        byte[] kid = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        return "METHOD=" + method + ",URI=\"data:text/plain;base64," + java.util.Base64.getEncoder().encodeToString(kid)
                + "\",KEYID=0x" + k.keyId().replace("-", "") + ",KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\"";
    }
}
