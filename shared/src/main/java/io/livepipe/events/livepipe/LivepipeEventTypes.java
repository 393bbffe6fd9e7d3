package io.livepipe.events.livepipe;

/**
 * livepipe's own event types (the retired service had none of these). Same envelope as the
 * Media Services ones; published to the same custom topic.
 */
public final class LivepipeEventTypes {
    /** A channel moved from one lifecycle state to another; data {@link ChannelStateChanged}. */
    public static final String CHANNEL_STATE_CHANGED = "Livepipe.ChannelStateChanged";

    /** A program began recording; data {@link ProgramChanged}. */
    public static final String PROGRAM_STARTED = "Livepipe.ProgramStarted";
    /** A program stopped recording; data {@link ProgramChanged}. */
    public static final String PROGRAM_STOPPED = "Livepipe.ProgramStopped";
    /** A program's asset became video on demand; data {@link ProgramChanged}. */
    public static final String ASSET_SEALED = "Livepipe.AssetSealed";

    /** The live encoder (FFmpeg) of a channel died and was restarted; data {@link LiveEncoderFailed}. */
    public static final String LIVE_ENCODER_FAILED = "Livepipe.LiveEncoderFailed";

    /** An encoder replica lost a channel's lease and stopped writing it; data {@link ChannelLeaseLost}. */
    public static final String CHANNEL_LEASE_LOST = "Livepipe.ChannelLeaseLost";

    /** A channel's primary or backup input became the one archived; data {@link IngestInputActive}. */
    public static final String INGEST_INPUT_ACTIVE = "Livepipe.IngestInputActive";

    private LivepipeEventTypes() { }
}
