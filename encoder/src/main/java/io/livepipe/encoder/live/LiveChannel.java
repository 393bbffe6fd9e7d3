package io.livepipe.encoder.live;

import io.livepipe.channel.ingest.IngestMonitor;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One running channel's ingest state on this replica: the sessions on its primary and backup
 * inputs, the active one (archived; the other is kept warm), its monitor, and what the archive
 * got last. {@code active} changes on the stage's thread, except that the first session after
 * none takes it at once.
 */
final class LiveChannel {
    final String channel;
    final String runId;
    final ChannelStage stage;
    /** By {@link IngestInput#ordinal()}; guarded by this. */
    final PublisherSession[] inputs = new PublisherSession[IngestInput.values().length];
    volatile PublisherSession active;
    /** This replica's lease on the channel while it has inputs here (and briefly after the last left). */
    volatile ChannelLeases.Claim claim;
    /** Guarded by this. */
    IngestMonitor monitor;
    /** Guarded by this. */
    boolean failoverQueued;
    // Confined to the stage's thread: what the archive got last, and the join in progress.
    MediaSample lastVideo;
    MediaSample lastAudio;
    long lastArchivedArrivalNanos;
    final Map<TrackType, byte[]> sentConfigs = new EnumMap<>(TrackType.class);
    InputJoin join;
    PublisherSession joining;
    /** After a discontinuous switch, the last video archived before it, until the new input's first is. */
    MediaSample discontinuityFrom;

    LiveChannel(String channel, String runId, ChannelStage stage) {
        this.channel = channel;
        this.runId = runId;
        this.stage = stage;
    }

    /** Whether the channel may still be archived here: its lease is held (not lost, not released). */
    boolean archivable() {
        ChannelLeases.Claim c = claim;
        return c != null && !c.ended;
    }

    /** The sessions on its inputs now. */
    synchronized List<PublisherSession> openInputs() {
        return Arrays.stream(inputs).filter(Objects::nonNull).toList();
    }

    synchronized boolean hasInputs() {
        return Arrays.stream(inputs).anyMatch(Objects::nonNull);
    }
}
