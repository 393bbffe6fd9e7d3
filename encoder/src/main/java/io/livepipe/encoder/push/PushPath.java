package io.livepipe.encoder.push;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream key and what follows it in an HTTP push URL, {@code /ingest/{streamKey}/{name...}}:
 * the sender names the rest (DASH-IF Live Media Ingest leaves it to the source). From that name
 * come the stream name of events (Smooth's {@code Streams(name)}, else none), whether the body is a
 * manifest (ignored: livepipe makes its own), and the <em>track key</em> that ties a media segment to
 * the init segment of its track when they arrive in different requests: the folder when the name
 * has one ({@code video/init.mp4}, {@code video/12.m4s}), else the file name without its extension,
 * a trailing {@code -}/{@code _} number and a leading {@code init}/{@code chunk}/{@code segment}/{@code media}
 * word ({@code init-stream0.m4s} and {@code chunk-stream0-00001.m4s}, FFmpeg's names, are both
 * {@code stream0}). Its {@code toString} never shows the key.
 */
record PushPath(String streamKey, String name, String streamName, String trackKey, boolean manifest) {
    static final String PREFIX = "/ingest/";
    static final int MAX_SEGMENT = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~()!$&'*+,;=:@%-]+");
    private static final Pattern STREAMS = Pattern.compile("Streams\\(([^()/]{1,128})\\)");
    private static final Pattern NUMBER_SUFFIX = Pattern.compile("[-_][0-9]+$");
    private static final Pattern ROLE_PREFIX = Pattern.compile("^(?i)(init|chunk|segment|media|seg)[-_]");

    static PushPath parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) throw new IllegalArgumentException("push ingest URLs are /ingest/{streamKey}/{name}");
        String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
        if (parts.length < 2 || !KEY.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("push ingest URLs are /ingest/{streamKey}/{name}");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > MAX_SEGMENT || !SAFE.matcher(parts[i]).matches() || parts[i].equals("..")) {
                throw new IllegalArgumentException("empty, over-long or unusual segment in the push ingest URL");
            }
        }
        String name = String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        String streamName = null;
        Matcher m = STREAMS.matcher(name);
        if (m.find()) streamName = m.group(1);
        String file = parts[parts.length - 1];
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        boolean manifest = lower.endsWith(".mpd") || lower.endsWith(".m3u8") || lower.endsWith(".ismc") || lower.endsWith(".xml");
        String trackKey = parts.length > 2 ? String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)) : trackOf(file);
        return new PushPath(parts[0], name, streamName, trackKey, manifest);
    }

    private static String trackOf(String file) {
        int dot = file.lastIndexOf('.');
        String whole = dot > 0 ? file.substring(0, dot) : file;
        String base = NUMBER_SUFFIX.matcher(whole).replaceFirst("");
        if (base.isEmpty()) return whole; // a name that is only a number, "-8.m4s": the number is the track
        String stripped = ROLE_PREFIX.matcher(base).replaceFirst("");
        return stripped.isEmpty() ? base : stripped;
    }

    @Override
    public String toString() { return "PushPath[name=" + name + ", trackKey=" + trackKey + "]"; }
}
