package io.livepipe.archive;

import io.livepipe.channel.ChannelName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a segment lives in the media container, and everything a timeline needs to know about
 * it, in its path — so that a {@code Microsoft.Storage.BlobCreated} event alone (whose subject
 * is the path) is enough to stamp it:
 * {@code channels/{channel}/runs/{run}/{rendition}/{sequence}_{decodeTime}_{duration}_{timescale}_{flags}.m4s}
 * with flags {@code k} (starts with a keyframe) and {@code d} (first after a discontinuity),
 * or {@code -}; and {@code .../{rendition}/init.mp4} for the CMAF header.
 */
public record SegmentName(String channel, String runId, String rendition, boolean init, long sequence, long decodeTime,
                          long duration, int timescale, boolean keyframe, boolean discontinuity) {
    private static final Pattern SHAPE = Pattern.compile(
            "channels/([A-Za-z0-9-]{1,32})/runs/([A-Za-z0-9-]{1,64})/([A-Za-z0-9_-]{1,64})/"
                    + "(?:(init)\\.mp4|(\\d{1,12})_(\\d{1,19})_(\\d{1,12})_(\\d{1,9})_(k?d?|-)\\.m4s)");

    public static SegmentName init(String channel, String runId, String rendition) {
        return new SegmentName(channel, runId, rendition, true, 0, 0, 0, 0, true, false);
    }

    public String path() {
        String dir = runPrefix(channel, runId) + rendition + "/";
        if (init) return dir + "init.mp4";
        String flags = (keyframe ? "k" : "") + (discontinuity ? "d" : "");
        return dir + String.format("%08d_%d_%d_%d_%s.m4s", sequence, decodeTime, duration, timescale, flags.isEmpty() ? "-" : flags);
    }

    public static String runPrefix(String channel, String runId) {
        return "channels/" + channel + "/runs/" + runId + "/";
    }

    /** The segment a path names, or empty for any other path. Pure and bounded. */
    public static Optional<SegmentName> parse(String path) {
        if (path == null || path.length() > 300) return Optional.empty();
        Matcher m = SHAPE.matcher(path);
        if (!m.matches() || !ChannelName.isValid(m.group(1))) return Optional.empty();
        if (m.group(4) != null) return Optional.of(init(m.group(1), m.group(2), m.group(3)));
        try {
            long seq = Long.parseLong(m.group(5));
            long t = Long.parseLong(m.group(6));
            long d = Long.parseLong(m.group(7));
            int ts = Integer.parseInt(m.group(8));
            if (ts <= 0 || d <= 0) return Optional.empty();
            String flags = m.group(9);
            return Optional.of(new SegmentName(m.group(1), m.group(2), m.group(3), false, seq, t, d, ts,
                    flags.contains("k"), flags.contains("d")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
