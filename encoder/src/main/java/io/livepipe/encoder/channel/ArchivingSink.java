package io.livepipe.encoder.channel;

import io.livepipe.archive.SegmentWriter;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.storage.BlobStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Pass-through archiving for every channel: each channel's current run has one
 * {@link SegmentWriter}; a new run replaces it; a reconnect within the run continues it with a
 * discontinuity. Segment duration is the channel's key-frame interval.
 */
public final class ArchivingSink implements ChannelMediaSink {
    private static final Logger LOG = Logger.getLogger(ArchivingSink.class.getName());

    private final BlobStore media;
    private final Function<String, Duration> segmentDuration;
    private final Map<String, SegmentWriter> writers = new ConcurrentHashMap<>();

    public ArchivingSink(BlobStore media, Function<String, Duration> segmentDuration) {
        this.media = media;
        this.segmentDuration = segmentDuration;
    }

    private SegmentWriter writer(String channel, String runId) {
        return writers.compute(channel, (k, w) -> w != null && w.runId().equals(runId) ? w
                : new SegmentWriter(media, channel, runId, segmentDuration.apply(channel)));
    }

    @Override
    public void config(String channel, String runId, CodecConfig config) {
        try {
            writer(channel, runId).config(config);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=archive_config_failed channel=" + channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    @Override
    public void sample(String channel, String runId, MediaSample sample) {
        writer(channel, runId).sample(sample);
    }

    @Override
    public void disconnected(String channel, String runId) {
        SegmentWriter w = writers.get(channel);
        if (w != null && w.runId().equals(runId)) w.disconnected();
    }
}
