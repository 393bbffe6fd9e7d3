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
import java.util.function.Consumer;
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
    private final Map<String, RunArchive> runs = new ConcurrentHashMap<>();
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

    /**
     * One channel run's archive, whichever writes it: the same four calls reach a pass-through
     * {@link SegmentWriter} or a {@link LadderEncoder} (FFmpeg), so the sink never asks which.
     */
    private record RunArchive(String runId, Consumer<CodecConfig> config, Consumer<MediaSample> sample, Runnable disconnected,
                              Runnable stop) {
        static RunArchive passThrough(SegmentWriter w) {
            return new RunArchive(w.runId(), w::config, w::sample, w::disconnected, () -> { });
        }

        static RunArchive ladder(LadderEncoder l) {
            return new RunArchive(l.runId(), l::config, l::sample, l::disconnected, l::close);
        }
    }

    private RunArchive run(String channel, String runId) {
        return runs.compute(channel, (k, current) -> {
            if (current != null && current.runId().equals(runId)) return current;
            if (current != null) current.stop().run();
            Optional<Channel> c = channels.apply(channel);
            Duration kfi = c.map(Channel::keyFrameInterval).orElse(Channel.DEFAULT_KEY_FRAME_INTERVAL);
            BlobStore media = leases.fenced(this.media, channel);
            boolean ll = lowLatency != null && c.isPresent() && c.get().lowLatency();
            LiveEdge edge = ll ? lowLatency.edge(channel, runId, kfi) : LiveEdge.none();
            Duration part = ll ? lowLatency.partTarget(kfi) : Duration.ZERO;
            if (c.isPresent() && c.get().mode() == ChannelMode.ENCODE) {
                return RunArchive.ladder(new LadderEncoder(media, channel, runId, c.get().ladder(), kfi, x264Preset,
                        code -> crashes.crashed(channel, runId, code), part, edge));
            }
            return RunArchive.passThrough(new SegmentWriter(media, channel, runId, kfi, "video", StoredRun.read(media, channel, runId), part, edge));
        });
    }

    @Override
    public void config(String channel, String runId, CodecConfig config) {
        try {
            run(channel, runId).config().accept(config);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=archive_config_failed channel=" + channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    @Override
    public void sample(String channel, String runId, MediaSample sample) {
        run(channel, runId).sample().accept(sample);
    }

    @Override
    public void disconnected(String channel, String runId) {
        RunArchive r = runs.get(channel);
        if (r != null && r.runId().equals(runId)) r.disconnected().run();
    }

    /** Stops every live encoder (service shutdown). */
    public void close() {
        for (RunArchive r : runs.values()) r.stop().run();
    }
}
