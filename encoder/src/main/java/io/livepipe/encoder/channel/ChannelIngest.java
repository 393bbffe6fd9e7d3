package io.livepipe.encoder.channel;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelState;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.channel.ingest.IngestMonitor;
import io.livepipe.encoder.ingest.IngestConnection;
import io.livepipe.encoder.ingest.IngestGate;
import io.livepipe.encoder.ingest.PublishDecision;
import io.livepipe.encoder.ingest.PublishRequest;
import io.livepipe.encoder.ingest.PublishSession;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.ConnectionRejected;
import io.livepipe.events.media.EncoderConnected;
import io.livepipe.events.media.EncoderDisconnected;
import io.livepipe.events.media.IncomingDataChunkDropped;
import io.livepipe.events.media.IncomingStreamReceived;
import io.livepipe.events.media.IncomingStreamsOutOfSync;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.events.media.TrackDiscontinuityDetected;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The channel runtime's ingest gate: a publish is accepted when its stream key opens a running
 * channel, the encoder's address is allowed and no other encoder publishes there; each
 * decision, connect and disconnect is a Media Services event. While a channel runs, every
 * {@link #HEARTBEAT} each track's IngestHeartbeat is published (with incoming bitrate 0 after
 * the encoder left). A stopped or reset channel loses its encoder within {@link #STATE_POLL}.
 * The stream key is in no event: their {@code ingestUrl} is the URL without it
 * ({@link IngestEndpoints#withoutStreamKey}).
 */
public final class ChannelIngest implements IngestGate, AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    public static final Duration STATE_POLL = Duration.ofSeconds(2);
    /** How often stages are checked for a stall (and, with a backup, inputs for silence). */
    static final Duration STAGE_CHECK = Duration.ofMillis(250);
    /** Subject of rejections that name no channel (an unknown key). */
    public static final String UNKNOWN_SUBJECT = "liveEvent";
    private static final Logger LOG = Logger.getLogger(ChannelIngest.class.getName());

    private final ChannelService channels;
    /** Decisions (on the gate's thread, already off the ingest loop) publish directly; the rest goes out through {@link #outbox}. */
    private final EventPublisher events;
    private final EventOutbox outbox;
    private final StageLimits limits;
    private final ExecutorService stagePool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "channel-stage");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ChannelStage> stages = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> stageChecks;
    private final EventFactory factory;
    private final Clock clock;
    private final ChannelMediaSink sink;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> heartbeats;
    private final ScheduledFuture<?> polls;

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll) {
        this(channels, events, factory, clock, sink, timer, heartbeat, statePoll, StageLimits.defaults());
    }

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll,
                         StageLimits limits) {
        this.channels = channels;
        this.events = events;
        this.outbox = new EventOutbox(events);
        this.limits = limits;
        this.factory = factory;
        this.clock = clock;
        this.sink = sink;
        this.heartbeats = timer.scheduleAtFixedRate(this::heartbeatAll, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        this.polls = timer.scheduleWithFixedDelay(this::pollStates, statePoll.toMillis(), statePoll.toMillis(), TimeUnit.MILLISECONDS);
        this.stageChecks = timer.scheduleWithFixedDelay(this::checkStages, STAGE_CHECK.toMillis(), STAGE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A channel's ingest state: the current session (or none after the encoder left) and its monitor. */
    private final class Live {
        final String channel;
        final String runId;
        final ChannelStage stage;
        Session session;
        IngestMonitor monitor;

        Live(String channel, String runId) {
            this.channel = channel;
            this.runId = runId;
            this.stage = stages.computeIfAbsent(channel, n -> new ChannelStage(n, stagePool, limits, System::nanoTime));
        }
    }

    @Override
    public PublishDecision authorize(PublishRequest r) {
        String ip = r.remote().getAddress().getHostAddress();
        String port = Integer.toString(r.remote().getPort());
        Optional<Channel> found = channels.findByStreamKey(r.streamKey());
        if (found.isEmpty()) {
            return reject(UNKNOWN_SUBJECT, r, ip, port, ResultCodes.APPID_AUTH_FAILURE, "unknown stream key");
        }
        Channel c = found.get();
        String subject = MediaEventTypes.subject(c.name());
        if (c.state() != ChannelState.RUNNING) {
            return reject(subject, r, ip, port, ResultCodes.CHANNEL_NOT_RUNNING, "channel " + c.name() + " is " + c.state().apiName());
        }
        if (!c.ingestAllowList().allows(r.remote().getAddress())) {
            return reject(subject, r, ip, port, ResultCodes.CONNECTION_DENIED, "address not allowed");
        }
        Session session = new Session(c, r, ip, port);
        Live fresh = new Live(c.name(), c.runId());
        Live l = live.compute(c.name(), (k, existing) -> {
            if (existing == null || !existing.runId.equals(c.runId())) return fresh;
            return existing;
        });
        synchronized (l) {
            if (l.session != null) {
                return reject(subject, r, ip, port, ResultCodes.ALREADY_PUBLISHING, "another encoder is publishing to " + c.name());
            }
            l.session = session;
            l.monitor = null;
            session.live = l;
        }
        publish(subject, MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected(session.ingestUrl, streamId(r), ip, port));
        LOG.info(() -> "event=encoder_connected channel=" + c.name() + " encoderIp=" + ip);
        return new PublishDecision.Accept(session);
    }

    private static String streamId(PublishRequest r) {
        return r.streamName() == null || r.streamName().equals(r.streamKey()) ? "" : r.streamName();
    }

    private PublishDecision reject(String subject, PublishRequest r, String ip, String port, String code, String reason) {
        publish(subject, MediaEventTypes.CONNECTION_REJECTED,
                new ConnectionRejected(IngestEndpoints.withoutStreamKey(r.ingestUrl()), streamId(r), ip, port, code));
        LOG.info(() -> "event=connection_rejected subject=" + subject + " encoderIp=" + ip + " resultCode=" + code);
        return new PublishDecision.Refuse(code, reason);
    }

    private void publish(String subject, String type, Object data) {
        publishAll(List.of(factory.create(subject, type, data)));
    }

    private void publishAll(List<EventGridEvent> list) {
        if (list.isEmpty()) return;
        try {
            events.publish(list);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=event_publish_failed count=" + list.size() + " error=" + e.getClass().getSimpleName());
        }
    }

    /** Events from media and timer threads: queued, never waited for. */
    private void enqueue(List<EventGridEvent> list) {
        if (!list.isEmpty()) outbox.publish(list);
    }

    private static String typeOf(Object data) {
        if (data instanceof IncomingStreamReceived) return MediaEventTypes.INCOMING_STREAM_RECEIVED;
        if (data instanceof TrackDiscontinuityDetected) return MediaEventTypes.TRACK_DISCONTINUITY_DETECTED;
        if (data instanceof IncomingStreamsOutOfSync) return MediaEventTypes.INCOMING_STREAMS_OUT_OF_SYNC;
        if (data instanceof IncomingDataChunkDropped) return MediaEventTypes.INCOMING_DATA_CHUNK_DROPPED;
        if (data instanceof IngestHeartbeat) return MediaEventTypes.INGEST_HEARTBEAT;
        throw new IllegalArgumentException("not a channel event: " + data.getClass());
    }

    /** One accepted encoder's stream. */
    private final class Session implements PublishSession {
        final Channel channel;
        final PublishRequest request;
        final String ip;
        final String port;
        /** The URL the encoder used, without its stream key: what events carry. */
        final String ingestUrl;
        final Map<TrackType, Long> declared = new EnumMap<>(TrackType.class);
        Live live;
        volatile IngestConnection connection;
        boolean closed;
        /** This session's monitor; only the stage's thread creates it. */
        IngestMonitor monitor;

        Session(Channel channel, PublishRequest request, String ip, String port) {
            this.channel = channel;
            this.request = request;
            this.ip = ip;
            this.port = port;
            this.ingestUrl = IngestEndpoints.withoutStreamKey(request.ingestUrl());
        }

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
            live.stage.submit(config.config().length, () -> sink.config(channel.name(), channel.runId(), config));
        }

        @Override
        public void onSample(MediaSample sample) {
            live.stage.submit(sample.data().length, () -> archive(sample));
        }

        /** On the stage: the sample's events, then the archive. */
        private void archive(MediaSample sample) {
            List<Object> found;
            synchronized (live) {
                if (monitor == null) {
                    monitor = new IngestMonitor(ingestUrl, ip, request.remote().getPort(), declared, clock);
                    if (live.session == this || live.session == null) live.monitor = monitor;
                }
                found = monitor.onSample(sample);
            }
            if (!found.isEmpty()) {
                List<EventGridEvent> out = new ArrayList<>(found.size());
                for (Object d : found) out.add(factory.create(MediaEventTypes.subject(channel.name()), typeOf(d), d));
                enqueue(out);
            }
            sink.sample(channel.name(), channel.runId(), sample);
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
                if (live.session == this) live.session = null;
                last = live.monitor == null ? List.of() : live.monitor.heartbeatDisconnected();
            }
            if (connection != null) live.stage.detach(connection);
            // Made now, so their time is the disconnect's, ahead of a reconnect's EncoderConnected.
            List<EventGridEvent> out = new ArrayList<>();
            out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.ENCODER_DISCONNECTED,
                    new EncoderDisconnected(ingestUrl, streamId(request), ip, port, resultCode)));
            for (IngestHeartbeat h : last) out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.INGEST_HEARTBEAT, h));
            enqueue(out);
            // After every sample this session queued: what is pending is written, then the run waits for a reconnect.
            live.stage.submit(0, () -> sink.disconnected(channel.name(), channel.runId()));
            LOG.info(() -> "event=encoder_disconnected channel=" + channel.name() + " resultCode=" + resultCode);
        }
    }

    /** Every running channel's heartbeats: real figures while connected, zero after the encoder left. */
    void heartbeatAll() {
        try {
            List<EventGridEvent> out = new ArrayList<>();
            for (Live l : live.values()) {
                synchronized (l) {
                    if (l.monitor == null) continue;
                    List<IngestHeartbeat> hb = l.session != null ? l.monitor.heartbeat("Running") : l.monitor.heartbeatDisconnected();
                    for (IngestHeartbeat h : hb) out.add(factory.create(MediaEventTypes.subject(l.channel), MediaEventTypes.INGEST_HEARTBEAT, h));
                }
            }
            enqueue(out);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=heartbeat_failed error=" + e.getClass().getSimpleName());
        }
    }

    /** Ends the sessions of channels that were stopped or reset, and forgets stopped channels. */
    void pollStates() {
        for (Live l : live.values()) {
            try {
                Optional<Channel> c = channels.findByName(l.channel);
                boolean running = c.isPresent() && c.get().state() == ChannelState.RUNNING;
                boolean sameRun = c.isPresent() && l.runId.equals(c.get().runId());
                if (running && sameRun) continue;
                Session s;
                synchronized (l) {
                    s = l.session;
                }
                if (s != null && s.connection != null) {
                    s.connection.close(running ? ResultCodes.CHANNEL_RESET : ResultCodes.CHANNEL_STOP);
                }
                if (s == null && live.remove(l.channel, l) && l.stage.idle() && !live.containsKey(l.channel)) {
                    stages.remove(l.channel, l.stage);
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=state_poll_failed channel=" + l.channel + " error=" + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Cuts the publishers of a stage that stayed full past the stall timeout: storage (or FFmpeg)
     * has been slower than the encoder for that long. What the stage holds is still written.
     */
    void checkStages() {
        for (Map.Entry<String, ChannelStage> e : stages.entrySet()) {
            try {
                ChannelStage st = e.getValue();
                if (!st.stalled()) continue;
                for (IngestConnection c : st.publishers()) {
                    st.detach(c);
                    LOG.warning(() -> "event=ingest_stage_stalled channel=" + e.getKey() + " heldBytes=" + st.heldBytes()
                            + " stallTimeout=" + limits.stallTimeout() + " action=encoder_cut resultCode=" + ResultCodes.BITRATE_AGGREGATED_EXCEEDED);
                    c.close(ResultCodes.BITRATE_AGGREGATED_EXCEEDED);
                }
            } catch (RuntimeException ex) {
                LOG.warning(() -> "event=stage_check_failed channel=" + e.getKey() + " error=" + ex.getClass().getSimpleName());
            }
        }
    }

    /** Bytes of media a channel's stage holds now, and the most it held (0 for an unknown channel). */
    long[] stageBytes(String channel) {
        ChannelStage st = stages.get(channel);
        return st == null ? new long[] {0, 0} : new long[] {st.heldBytes(), st.peakBytes()};
    }

    /** Channels with an encoder connected now. */
    public List<String> connectedChannels() {
        return live.values().stream().filter(l -> l.session != null).map(l -> l.channel).sorted().toList();
    }

    @Override
    public void close() {
        heartbeats.cancel(false);
        polls.cancel(false);
        stageChecks.cancel(false);
        stagePool.shutdown();
        try {
            stagePool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stagePool.shutdownNow();
        outbox.close();
    }
}
