package io.livepipe.encoder.live;

import io.livepipe.channel.Channel;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.channel.ingest.IngestMonitor;
import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.livepipe.IngestInputActive;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.EncoderDisconnected;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.TrackDiscontinuityDetected;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.storage.LeaseLostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One accepted publisher's stream on one input of a {@link LiveChannel}. The ingest loop's calls
 * are queued on the channel's stage and return at once; on the stage the active input's samples
 * go through the channel monitor (its findings become events) to the archive, the other input's
 * are kept warm for a failover ({@link #takeOver}).
 */
final class PublisherSession implements PublishSession {
    private static final Logger LOG = Logger.getLogger(PublisherSession.class.getName());

    final Channel channel;
    final PublishRequest request;
    final String ip;
    final String port;
    /** The URL the publisher used, without its stream key: what events carry. */
    final String ingestUrl;
    private final IngestParts parts;
    private final Map<TrackType, Long> declared = new EnumMap<>(TrackType.class);
    LiveChannel live;
    volatile IngestConnection connection;
    /** Guarded by {@link #live}. */
    boolean closed;
    /** This session's monitor; only the stage's thread creates it. */
    private IngestMonitor monitor;
    /** When the ingest loop last handed over a sample (or the publish was accepted). */
    volatile long lastArrivalNanos = System.nanoTime();
    // Confined to the stage's thread: the codec configurations and, while warm, recent media.
    private final Map<TrackType, CodecConfig> configs = new EnumMap<>(TrackType.class);
    private final ArrayDeque<InputJoin.Warm> warm = new ArrayDeque<>();
    private long warmBytes;

    PublisherSession(IngestParts parts, Channel channel, PublishRequest request, String ip, String port) {
        this.parts = parts;
        this.channel = channel;
        this.request = request;
        this.ip = ip;
        this.port = port;
        this.ingestUrl = IngestEndpoints.withoutStreamKey(request.ingestUrl());
    }

    String input() { return request.input().wireName(); }

    @Override
    public String channelName() { return channel.name(); }

    @Override
    public void onStart(IngestConnection c) {
        this.connection = c;
        live.stage.attach(c);
    }

    // Called on the ingest loop: each call is queued on the channel's stage and returns at once.
    @Override
    public void onMetadata(Map<String, Object> metadata) {
        live.stage.submit(0, () -> {
            declare(TrackType.VIDEO, metadata.get("videodatarate"));
            declare(TrackType.AUDIO, metadata.get("audiodatarate"));
        });
    }

    /** onMetaData states kbit/s; we keep bit/s. */
    private void declare(TrackType t, Object kbps) {
        if (kbps instanceof Double d && d > 0 && d < 1e7) declared.put(t, Math.round(d * 1000));
    }

    @Override
    public void onCodecConfig(CodecConfig config) {
        live.stage.submit(config.config().length, () -> {
            configs.put(config.type(), config);
            if (live.active == this) sendConfig(config);
        });
    }

    @Override
    public void onSample(MediaSample sample) {
        long arrival = System.nanoTime();
        lastArrivalNanos = arrival;
        live.stage.submit(sample.data().length, () -> route(sample, arrival));
    }

    /** On the stage: the active input's samples are archived (after the join, if one runs); the other's kept warm. */
    private void route(MediaSample sample, long arrival) {
        if (live.active != this) {
            keepWarm(sample, arrival);
            return;
        }
        if (live.joining == this) {
            if (!live.join.admit(sample, arrival)) return;
            if (sample.type() == TrackType.VIDEO && live.discontinuityFrom != null) {
                MediaSample before = live.discontinuityFrom;
                live.discontinuityFrom = null;
                parts.events().enqueue(parts.events().about(channel.name(), MediaEventTypes.TRACK_DISCONTINUITY_DETECTED,
                        new TrackDiscontinuityDetected(TrackType.VIDEO.wireName(), TrackType.VIDEO.wireName(), 0,
                                Long.toString(before.decodeTime()), Long.toString(sample.decodeTime()),
                                Long.toString(IngestMonitor.TIMESCALE), Long.toString(sample.decodeTime() - before.decodeTime()))));
            }
            if (live.join.joined()) {
                live.join = null;
                live.joining = null;
            }
        }
        archive(sample, arrival);
    }

    /** A warm input keeps its last few seconds (the failover threshold and two key-frame intervals), within a byte bound. */
    private void keepWarm(MediaSample sample, long arrival) {
        warm.addLast(new InputJoin.Warm(sample, arrival));
        warmBytes += sample.data().length;
        long keep = parts.limits().failoverThreshold().plus(channel.keyFrameInterval().multipliedBy(2)).toNanos();
        while (!warm.isEmpty() && (warmBytes > StageLimits.WARM_BUFFER_BYTES || arrival - warm.peekFirst().arrivalNanos() > keep)) {
            warmBytes -= warm.pollFirst().sample().data().length;
        }
    }

    private void sendConfig(CodecConfig config) {
        byte[] sent = live.sentConfigs.get(config.type());
        if (sent != null && Arrays.equals(sent, config.config())) return;
        live.sentConfigs.put(config.type(), config.config());
        if (!live.archivable()) return;
        try {
            parts.sink().config(channel.name(), channel.runId(), config);
        } catch (LeaseLostException lost) {
            // the lease's listener ends the sessions
        }
    }

    /** The Livepipe.IngestInputActive event of this input becoming the active one. */
    EventGridEvent activeEvent(String previous, String reason, boolean discontinuity, MediaSample first) {
        return parts.events().about(channel.name(), LivepipeEventTypes.INGEST_INPUT_ACTIVE,
                new IngestInputActive(channel.name(), channel.runId(), input(), previous, reason, discontinuity,
                        ip, port, first == null ? "" : Long.toString(first.decodeTime())));
    }

    /** On the stage: the sample's events, then the archive. */
    private void archive(MediaSample sample, long arrival) {
        if (sample.type() == TrackType.VIDEO) live.lastVideo = sample; else live.lastAudio = sample;
        live.lastArchivedArrivalNanos = arrival;
        List<Object> found;
        synchronized (live) {
            if (monitor == null) {
                monitor = new IngestMonitor(ingestUrl, ip, request.remote().getPort(), declared, parts.clock());
                if (live.active == this) live.monitor = monitor;
            }
            found = monitor.onSample(sample);
        }
        if (!found.isEmpty()) parts.events().enqueue(parts.events().findings(channel.name(), found));
        if (!live.archivable()) return; // the lease went: nothing more is written here; the sessions are closing
        try {
            parts.sink().sample(channel.name(), channel.runId(), sample);
        } catch (LeaseLostException lost) {
            // the lease's listener ends the sessions
        }
    }

    @Override
    public void onDiscontinuity(TrackType type) {
        live.stage.submit(0, () -> {
            synchronized (live) {
                if (monitor != null) monitor.lost(type);
            }
        });
    }

    @Override
    public void onUnsupportedCodec(TrackType type, String codec) {
        LOG.info(() -> "event=unsupported_codec channel=" + channel.name() + " track=" + type.wireName() + " codec=" + codec);
    }

    @Override
    public void onClosed(String resultCode) {
        List<IngestHeartbeat> last;
        synchronized (live) {
            if (closed) return;
            closed = true;
            if (live.inputs[request.input().ordinal()] == this) live.inputs[request.input().ordinal()] = null;
            last = live.active != this || live.monitor == null ? List.of() : live.monitor.heartbeatDisconnected();
        }
        if (connection != null) live.stage.detach(connection);
        // Made now, so their time is the disconnect's, ahead of a reconnect's EncoderConnected.
        List<EventGridEvent> out = new ArrayList<>();
        out.add(parts.events().about(channel.name(), MediaEventTypes.ENCODER_DISCONNECTED,
                new EncoderDisconnected(ingestUrl, ChannelEvents.streamId(request), ip, port, resultCode)));
        out.addAll(parts.events().findings(channel.name(), last));
        parts.events().enqueue(out);
        // After every sample this session queued: another input takes over, or what is pending is
        // written and the run waits for a reconnect.
        live.stage.submit(0, this::ended);
        LOG.info(() -> "event=encoder_disconnected channel=" + channel.name() + " input=" + input() + " resultCode=" + resultCode);
    }

    /** On the stage, after this session's last sample. */
    private void ended() {
        warm.clear();
        warmBytes = 0;
        if (live.active != this) return;
        PublisherSession next;
        synchronized (live) {
            next = live.inputs[IngestInput.PRIMARY.ordinal()] != null ? live.inputs[IngestInput.PRIMARY.ordinal()]
                    : live.inputs[IngestInput.BACKUP.ordinal()];
            // No input left: the next publish takes the channel at once (the gate sees none active).
            if (next == null) live.active = null;
        }
        if (next != null) {
            next.takeOver("failover_disconnected");
            return;
        }
        if (live.archivable()) {
            try {
                parts.sink().disconnected(channel.name(), channel.runId());
            } catch (LeaseLostException lost) {
                // the lease's listener told of it
            }
        }
        parts.leases().release(live, channel);
    }

    /**
     * On the stage: this input becomes the archived one. The archive continues after what it
     * holds, seamlessly when the inputs share a timeline and with one marked discontinuity
     * otherwise ({@link InputJoin}); what this input holds warm is replayed through the join.
     */
    void takeOver(String reason) {
        LiveChannel l = live;
        PublisherSession from = l.active;
        synchronized (l) {
            l.failoverQueued = false;
            if (from == this || closed) return;
            l.active = this;
            l.monitor = null;
        }
        List<InputJoin.Warm> held = List.copyOf(warm);
        warm.clear();
        warmBytes = 0;
        InputJoin join = InputJoin.plan(l.lastVideo, l.lastAudio, l.lastArchivedArrivalNanos, held);
        MediaSample beforeVideo = l.lastVideo;
        MediaSample beforeAudio = l.lastAudio;
        boolean discontinuity = !join.continuous() && beforeVideo != null;
        if (discontinuity) {
            parts.sink().disconnected(l.channel, l.runId);
            // The run resumes as after a reconnect: the archive (or FFmpeg's ladder) is told the configuration again.
            l.sentConfigs.clear();
        }
        for (CodecConfig c : configs.values()) sendConfig(c);
        l.join = join;
        l.joining = this;
        l.discontinuityFrom = discontinuity ? beforeVideo : null;
        MediaSample first = null;
        for (InputJoin.Warm w : held) {
            route(w.sample(), w.arrivalNanos());
            if (first == null && l.lastVideo != beforeVideo && l.lastVideo != null) first = l.lastVideo;
        }
        String prev = from == null ? "" : from.input();
        parts.events().enqueue(activeEvent(prev, reason, discontinuity, first));
        String firstTs = first == null ? "pending" : Long.toString(first.decodeTime());
        LOG.info(() -> "event=ingest_failover channel=" + l.channel + " from=" + prev + " to=" + input()
                + " reason=" + reason + " continuous=" + join.continuous() + " lastArchivedVideoMs="
                + (beforeVideo == null ? "none" : beforeVideo.decodeTime()) + " firstVideoMs=" + firstTs
                + " audioAfterMs=" + (beforeAudio == null ? "none" : beforeAudio.decodeTime()));
    }
}
