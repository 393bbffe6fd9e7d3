package io.livepipe.encoder.live;

import io.livepipe.archive.SegmentWriter;
import io.livepipe.archive.StoredRun;
import io.livepipe.encoder.lowlatency.LowLatencyOrigin;
import io.livepipe.media.cmaf.LiveEdge;
import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelMode;
import io.livepipe.encoder.ladder.LadderEncoder;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.storage.BlobStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Archiving for every channel run: pass-through channels through a {@link SegmentWriter},
 * live-encoding channels through a {@link LadderEncoder}. A new run replaces the previous one;
 * a reconnect within the run continues it with a discontinuity. Segment duration is the
 * channel's key-frame interval. A low-latency channel's run also hands its chunked CMAF parts to
 * the {@link LowLatencyOrigin}. Every write of a channel is fenced by this replica's lease on
 * it ({@link ChannelLeases#fenced}).
 */
public final class ArchivingSink implements ChannelMediaSink {
    private static final Logger LOG = Logger.getLogger(ArchivingSink.class.getName());

    /** Reports a live encoder that died and was restarted: channel, run, exit code. */
    public interface CrashReporter {
        void crashed(String channel, String runId, int exitCode);
    }

    private final BlobStore media;
    private final Function<String, Optional<Channel>> channels;
    private final String x264Preset;
    private final CrashReporter crashes;
    private final Map<String, Object> runs = new ConcurrentHashMap<>();
    private final ChannelLeases leases;
    private final LowLatencyOrigin lowLatency;

    public ArchivingSink(BlobStore media, Function<String, Optional<Channel>> channels, String x264Preset, CrashReporter crashes,
                         ChannelLeases leases) {
        this(media, channels, x264Preset, crashes, leases, null);
    }

    /** With the low-latency origin that low-latency channels' runs hand their parts to (null: none). */
    public ArchivingSink(BlobStore media, Function<String, Optional<Channel>> channels, String x264Preset, CrashReporter crashes,
                         ChannelLeases leases, LowLatencyOrigin lowLatency) {
        this.lowLatency = lowLatency;
        this.leases = leases;
        this.media = media;
        this.channels = channels;
        this.x264Preset = x264Preset;
        this.crashes = crashes;
    }

    private Object run(String channel, String runId) {
        return runs.compute(channel, (k, current) -> {
            if (current instanceof SegmentWriter w && w.runId().equals(runId)) return w;
            if (current instanceof LadderEncoder l && l.runId().equals(runId)) return l;
            if (current instanceof LadderEncoder l) l.close();
            Optional<Channel> c = channels.apply(channel);
            Duration kfi = c.map(Channel::keyFrameInterval).orElse(Channel.DEFAULT_KEY_FRAME_INTERVAL);
            BlobStore media = leases.fenced(this.media, channel);
            boolean ll = lowLatency != null && c.isPresent() && c.get().lowLatency();
            LiveEdge edge = ll ? lowLatency.edge(channel, runId, kfi) : LiveEdge.none();
            Duration part = ll ? lowLatency.partTarget(kfi) : Duration.ZERO;
            if (c.isPresent() && c.get().mode() == ChannelMode.ENCODE) {
                return new LadderEncoder(media, channel, runId, c.get().ladder(), kfi, x264Preset,
                        code -> crashes.crashed(channel, runId, code), part, edge);
            }
            return new SegmentWriter(media, channel, runId, kfi, "video", StoredRun.read(media, channel, runId), part, edge);
        });
    }

    @Override
    public void config(String channel, String runId, CodecConfig config) {
        try {
            Object r = run(channel, runId);
            if (r instanceof LadderEncoder l) l.config(config); else ((SegmentWriter) r).config(config);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=archive_config_failed channel=" + channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    @Override
    public void sample(String channel, String runId, MediaSample sample) {
        Object r = run(channel, runId);
        if (r instanceof LadderEncoder l) l.sample(sample); else ((SegmentWriter) r).sample(sample);
    }

    @Override
    public void disconnected(String channel, String runId) {
        Object r = runs.get(channel);
        if (r instanceof LadderEncoder l && l.runId().equals(runId)) l.disconnected();
        if (r instanceof SegmentWriter w && w.runId().equals(runId)) w.disconnected();
    }

    /** Stops every live encoder (service shutdown). */
    public void close() {
        for (Object r : runs.values()) if (r instanceof LadderEncoder l) l.close();
    }
}
