package io.livepipe.archive;

/**
 * Where everything the archive keeps lives, in one place. In the media store:
 * {@code channels/{channel}/runs/{run}/{rendition}/} holds a run's CMAF headers and segments
 * (their file names are {@link SegmentName}'s). In the state store: {@code programs/{channel}/{name}.json},
 * {@code assets/{name}.json} (an asset's header) and
 * {@code timelines/{asset}/{generation}/{rendition}/{run}/{index}.json} (its timeline chunks,
 * {@link TimelineChunk}; the generation is the header's creation time in epoch milliseconds, so
 * an asset recorded again under an old name never meets the old chunks).
 */
public final class StorageLayout {
    /** Every channel's media, in the media store. */
    public static final String CHANNELS = "channels/";
    /** Programs, by channel, in the state store. */
    public static final String PROGRAMS = "programs/";
    /** Asset headers, in the state store. */
    public static final String ASSETS = "assets/";
    /** Timeline chunks, by asset and generation, in the state store. */
    public static final String TIMELINES = "timelines/";

    private StorageLayout() { }

    /** Every run of a channel. */
    public static String runsOf(String channel) { return CHANNELS + channel + "/runs/"; }

    /** One run: its renditions' folders. */
    public static String run(String channel, String runId) { return runsOf(channel) + runId + "/"; }

    /** One rendition of a run: its headers and segments. */
    public static String rendition(String channel, String runId, String rendition) { return run(channel, runId) + rendition + "/"; }

    /** Every program of a channel. */
    public static String programsOf(String channel) { return PROGRAMS + channel + "/"; }

    public static String program(String channel, String name) { return programsOf(channel) + name + ".json"; }

    public static String asset(String name) { return ASSETS + name + ".json"; }

    /** The chunks of one generation of an asset. */
    public static String timelines(String asset, java.time.Instant created) {
        return TIMELINES + asset + "/" + created.toEpochMilli() + "/";
    }

    /** One chunk, below {@link #timelines}. */
    public static String chunk(String timelines, String rendition, String runId, long index) {
        return timelines + rendition + "/" + runId + "/" + index + ".json";
    }

    /**
     * The chunk index of a path below {@link #timelines} ({@code {rendition}/{run}/{index}.json}),
     * with its rendition and run; null for any other path.
     */
    static ChunkPath chunkOf(String timelines, String path) {
        if (!path.startsWith(timelines)) return null;
        String[] at = path.substring(timelines.length()).split("/");
        if (at.length != 3 || !at[2].endsWith(".json")) return null;
        try {
            return new ChunkPath(at[0], at[1], Long.parseLong(at[2].substring(0, at[2].length() - ".json".length())));
        } catch (NumberFormatException notAChunk) {
            return null;
        }
    }

    record ChunkPath(String rendition, String runId, long index) { }
}
