package io.livepipe.archive;

import io.livepipe.channel.ChannelName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a segment lives in the media container, and everything a timeline needs to know about
 * it, in its path — so that a {@code Microsoft.Storage.BlobCreated} event alone (whose subject
 * is the path) is enough to stamp it:
 * {@code channels/{channel}/runs/{run}/{rendition}/{sequence}_{decodeTime}_{duration}_{timescale}_{flags}[_{init}][_f{frames}].m4s}
 * with flags {@code k} (starts with a keyframe) and {@code d} (first after a discontinuity),
 * or {@code -}; and {@code .../{rendition}/init.mp4} (or {@code init_{init}.mp4}) for the CMAF
 * header. {@code init} is the version of the run's header a segment needs: 0 (left out of both
 * names, as every name written before versions existed) for the run's first codec
 * configuration, 1, 2, ... for each other configuration the run met (an encoder that came back
 * with other settings). {@code frames} is how many samples (frames) the segment holds, so that a
 * manifest's frame rate needs no read of the segment; 0 (left out) in names written before it
 * was carried, whose readers count the samples instead. Headers and segments are created once
 * and never rewritten.
 */
public record SegmentName(String channel, String runId, String rendition, boolean init, long sequence, long decodeTime,
                          long duration, int timescale, boolean keyframe, boolean discontinuity, int initVersion, int frames) {
    /** Versions of one rendition's header within a run. */
    public static final int MAX_INIT_VERSION = 999_999;
    /** Samples one segment's name can count (six digits, as the init version). */
    public static final int MAX_FRAMES = 999_999;
    private static final Pattern SHAPE = Pattern.compile(
            "channels/([A-Za-z0-9-]{1,32})/runs/([A-Za-z0-9-]{1,64})/([A-Za-z0-9_-]{1,64})/"
                    + "(?:init(?:_([1-9]\\d{0,5}))?\\.mp4|(\\d{1,12})_(\\d{1,19})_(\\d{1,12})_(\\d{1,9})_(k?d?|-)(?:_([1-9]\\d{0,5}))?(?:_f([1-9]\\d{0,5}))?\\.m4s)");

    public SegmentName {
        if (initVersion < 0 || initVersion > MAX_INIT_VERSION) throw new IllegalArgumentException("init version out of range: " + initVersion);
        if (frames < 0 || frames > MAX_FRAMES) throw new IllegalArgumentException("frames out of range: " + frames);
    }

    /** A segment whose frames are not counted in its name. */
    public SegmentName(String channel, String runId, String rendition, boolean init, long sequence, long decodeTime,
                       long duration, int timescale, boolean keyframe, boolean discontinuity, int initVersion) {
        this(channel, runId, rendition, init, sequence, decodeTime, duration, timescale, keyframe, discontinuity, initVersion, 0);
    }

    /** A segment of the run's first header (version 0). */
    public SegmentName(String channel, String runId, String rendition, boolean init, long sequence, long decodeTime,
                       long duration, int timescale, boolean keyframe, boolean discontinuity) {
        this(channel, runId, rendition, init, sequence, decodeTime, duration, timescale, keyframe, discontinuity, 0);
    }

    public static SegmentName init(String channel, String runId, String rendition) {
        return init(channel, runId, rendition, 0);
    }

    public static SegmentName init(String channel, String runId, String rendition, int version) {
        return new SegmentName(channel, runId, rendition, true, 0, 0, 0, 0, true, false, version);
    }

    public String path() {
        String dir = StorageLayout.rendition(channel, runId, rendition);
        String v = initVersion == 0 ? "" : "_" + initVersion;
        if (init) return dir + "init" + v + ".mp4";
        String flags = (keyframe ? "k" : "") + (discontinuity ? "d" : "");
        String f = frames == 0 ? "" : "_f" + frames;
        return dir + String.format("%08d_%d_%d_%d_%s%s%s.m4s", sequence, decodeTime, duration, timescale, flags.isEmpty() ? "-" : flags, v, f);
    }

    /** The path of the header this segment (or header) needs. */
    public String initPath() {
        return init(channel, runId, rendition, initVersion).path();
    }

    /**
     * The header's id within an asset: the run id for version 0 (what assets written before
     * versions existed hold), {@code {run}.{version}} after it. Run ids hold no dot.
     */
    public String initId() {
        return initId(runId, initVersion);
    }

    public static String initId(String runId, int initVersion) {
        return initVersion == 0 ? runId : runId + "." + initVersion;
    }

    /** Where the segment ends, in its timescale. */
    public long endTime() {
        return decodeTime + duration;
    }

    /** The folder of a run ({@link StorageLayout#run}). */
    public static String runPrefix(String channel, String runId) {
        return StorageLayout.run(channel, runId);
    }

    /** The segment a path names, or empty for any other path. Pure and bounded. */
    public static Optional<SegmentName> parse(String path) {
        if (path == null || path.length() > 300) return Optional.empty();
        Matcher m = SHAPE.matcher(path);
        if (!m.matches() || !ChannelName.isValid(m.group(1))) return Optional.empty();
        try {
            if (m.group(5) == null) {
                return Optional.of(init(m.group(1), m.group(2), m.group(3), version(m.group(4))));
            }
            long seq = Long.parseLong(m.group(5));
            long t = Long.parseLong(m.group(6));
            long d = Long.parseLong(m.group(7));
            int ts = Integer.parseInt(m.group(8));
            if (ts <= 0 || d <= 0) return Optional.empty();
            String flags = m.group(9);
            return Optional.of(new SegmentName(m.group(1), m.group(2), m.group(3), false, seq, t, d, ts,
                    flags.contains("k"), flags.contains("d"), version(m.group(10)), version(m.group(11))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int version(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }
}
