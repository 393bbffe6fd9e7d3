package io.livepipe.streaming;

import io.livepipe.http.Refusal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming endpoint path, parsed and validated (pure, bounded): {@code {locator}/master.m3u8},
 * {@code {locator}/manifest.mpd}, the Media Services forms
 * {@code {locator}/{name}.ism/manifest(format=m3u8-cmaf|m3u8-aapl|mpd-time-csf|mpd-time-cmaf[,encryption=...])}
 * and {@code {locator}/{name}.ism/manifest} (Smooth Streaming, no format), and below them the
 * media playlists {@code {rendition}.m3u8} (fMP4) and {@code {rendition}.aapl.m3u8} (MPEG-TS),
 * init segments {@code {rendition}/init-{initId}.mp4} (the init id is the run, or
 * {@code {run}.{version}}), segments {@code {rendition}/{run}/{decodeTime}.m4s} and their TS
 * forms {@code {rendition}/{run}/{decodeTime}.ts} — each also under {@code {name}.ism/} — and,
 * under {@code {name}.ism/} only, Smooth fragments
 * {@code QualityLevels({bitrate})/Fragments({stream}={time})} ({@link SmoothFragmentUrl}).
 * Anything else is a {@link Refusal} with 400 or 404.
 */
public record StreamingRequest(Kind kind, String locator, String rendition, String run, long decodeTime, String encryption, long bitrate) {
    public enum Kind {
        HLS_MULTIVARIANT, HLS_MEDIA, DASH_MPD, INIT, SEGMENT,
        /** {@code format=m3u8-aapl}: HLS whose segments are MPEG-TS, remuxed from the CMAF copy. */
        HLS_TS_MULTIVARIANT, HLS_TS_MEDIA, TS_SEGMENT,
        /** No {@code format}: Smooth Streaming (MS-SSTR), Media Services' default. */
        SMOOTH_MANIFEST, SMOOTH_FRAGMENT
    }

    public StreamingRequest(Kind kind, String locator, String rendition, String run, long decodeTime, String encryption) {
        this(kind, locator, rendition, run, decodeTime, encryption, 0);
    }

    public static final int MAX_PATH = 512;
    private static final Pattern LOCATOR = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ISM = Pattern.compile("[A-Za-z0-9._-]{1,128}\\.ism");
    private static final Pattern MANIFEST = Pattern.compile("manifest(?:\\((.{1,200})\\))?");
    /** {@code init-{run}.mp4} for a run's first init segment, {@code init-{run}.{version}.mp4} for later ones. */
    private static final Pattern INIT = Pattern.compile("init-([A-Za-z0-9-]{1,64}(?:\\.[1-9]\\d{0,5})?)\\.mp4");
    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,18})\\.m4s");
    private static final Pattern TS_SEGMENT = Pattern.compile("(\\d{1,18})\\.ts");
    /** A TS media playlist: {@code {rendition}.aapl.m3u8}, apart from the fMP4 one of the same rendition. */
    private static final Pattern TS_MEDIA = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.aapl\\.m3u8");

    public static StreamingRequest parse(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH) throw Refusal.badRequest("bad streaming path");
        String p = path.startsWith("/") ? path.substring(1) : path;
        String[] s = p.split("/", -1);
        for (String seg : s) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.contains("\\") || seg.contains("%")) {
                throw Refusal.badRequest("bad streaming path");
            }
        }
        if (!LOCATOR.matcher(s[0]).matches()) throw Refusal.notFound("no such locator");
        int i = 1;
        if (i < s.length && ISM.matcher(s[i]).matches()) i++;
        int rest = s.length - i;
        if (rest == 1) {
            String last = s[i];
            if (last.equals("master.m3u8")) return new StreamingRequest(Kind.HLS_MULTIVARIANT, s[0], null, null, 0, null);
            if (last.equals("manifest.mpd")) return new StreamingRequest(Kind.DASH_MPD, s[0], null, null, 0, null);
            Matcher m = MANIFEST.matcher(last);
            if (m.matches()) return manifest(s[0], m.group(1));
            Matcher ts = TS_MEDIA.matcher(last);
            if (ts.matches()) return new StreamingRequest(Kind.HLS_TS_MEDIA, s[0], ts.group(1), null, 0, null);
            if (last.endsWith(".m3u8") && NAME.matcher(last.substring(0, last.length() - 5)).matches()) {
                return new StreamingRequest(Kind.HLS_MEDIA, s[0], last.substring(0, last.length() - 5), null, 0, null);
            }
        } else if (rest == 2 && i == 2 && s[i].startsWith("QualityLevels(")) {
            SmoothFragmentUrl f = SmoothFragmentUrl.parse(s[i], s[i + 1]);
            return new StreamingRequest(Kind.SMOOTH_FRAGMENT, s[0], f.streamName(), null, f.time(), null, f.bitrate());
        } else if (rest == 2 && NAME.matcher(s[i]).matches()) {
            Matcher m = INIT.matcher(s[i + 1]);
            if (m.matches()) return new StreamingRequest(Kind.INIT, s[0], s[i], m.group(1), 0, null);
        } else if (rest == 3 && NAME.matcher(s[i]).matches() && NAME.matcher(s[i + 1]).matches()) {
            Matcher m = SEGMENT.matcher(s[i + 2]);
            if (m.matches()) return new StreamingRequest(Kind.SEGMENT, s[0], s[i], s[i + 1], Long.parseLong(m.group(1)), null);
            Matcher t = TS_SEGMENT.matcher(s[i + 2]);
            if (t.matches()) return new StreamingRequest(Kind.TS_SEGMENT, s[0], s[i], s[i + 1], Long.parseLong(t.group(1)), null);
        }
        throw Refusal.notFound("no such streaming resource");
    }

    /** The {@code manifest(...)} options: {@code format} and {@code encryption}, as Media Services had them. */
    private static StreamingRequest manifest(String locator, String options) {
        String format = null;
        String encryption = null;
        if (options != null) {
            for (String kv : options.split(",", 8)) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw Refusal.badRequest("malformed manifest options");
                String k = kv.substring(0, eq).trim();
                String v = kv.substring(eq + 1).trim();
                switch (k) {
                    case "format" -> format = v;
                    case "encryption" -> {
                        if (!v.equals("cbc") && !v.equals("cenc") && !v.equals("cbcs-aapl")) {
                            throw Refusal.badRequest("encryption must be cbc, cenc or cbcs-aapl");
                        }
                        encryption = v;
                    }
                    case "filter", "audioTrack" -> { }
                    default -> throw Refusal.badRequest("unknown manifest option");
                }
            }
        }
        if (format == null) return new StreamingRequest(Kind.SMOOTH_MANIFEST, locator, null, null, 0, encryption);
        if (format.equals("mpd-time-cmaf") || format.equals("mpd-time-csf")) {
            return new StreamingRequest(Kind.DASH_MPD, locator, null, null, 0, encryption);
        }
        if (format.equals("m3u8-cmaf")) return new StreamingRequest(Kind.HLS_MULTIVARIANT, locator, null, null, 0, encryption);
        if (format.equals("m3u8-aapl") || format.equals("m3u8-aapl-v3")) {
            return new StreamingRequest(Kind.HLS_TS_MULTIVARIANT, locator, null, null, 0, encryption);
        }
        throw Refusal.badRequest("unknown manifest format: m3u8-cmaf, m3u8-aapl, mpd-time-csf, mpd-time-cmaf, or none for Smooth Streaming");
    }
}
