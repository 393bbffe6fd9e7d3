package io.livepipe.encoder.live;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelMode;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelState;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.channel.ingest.IngestMonitor;
import io.livepipe.encoder.publish.Admission;
import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.ChannelLeaseLost;
import io.livepipe.events.livepipe.IngestInputActive;
import io.livepipe.events.livepipe.LivepipeEventTypes;
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
import io.livepipe.storage.LeaseLostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
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
 *
 * <p>Across encoder replicas, a publish is accepted only where the channel's lease is taken
 * ({@link ChannelLeases}); held by another replica, the publisher is refused as a second
 * publisher is. A lost lease ends the channel's sessions ({@code Livepipe.ChannelLeaseLost}) and
 * nothing more of it is archived here. Heartbeats of a channel whose encoder left come from
 * the replica that held it last, so each channel's heartbeats are published once across replicas.
 */
public final class ChannelIngest implements IngestGate, AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    public static final Duration STATE_POLL = Duration.ofSeconds(2);
    /** How often stages are checked for a stall (and, with a backup, inputs for silence). */
    static final Duration STAGE_CHECK = Duration.ofMillis(250);
    /** Subject of rejections that name no channel (an unknown key). */
    public static final String UNKNOWN_SUBJECT = "liveEvent";
    /** How long a live-encoding channel's lease is kept after its encoder left: FFmpeg flushes its last segments meanwhile. */
    public static final Duration LADDER_FLUSH = Duration.ofSeconds(12);
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
    private final ChannelLeases leases;
    private final ScheduledExecutorService timer;

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll,
                         ChannelLeases leases) {
        this(channels, events, factory, clock, sink, timer, heartbeat, statePoll, StageLimits.defaults(), leases);
    }

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll,
                         StageLimits limits, ChannelLeases leases) {
        this.leases = leases;
        this.timer = timer;
        leases.onLost(this::leaseLost);
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

    /**
     * A channel's ingest state: the sessions on its primary and backup inputs, the active one
     * (archived; the other is kept warm) and its monitor. {@code active} changes on the stage's
     * thread, except that the first session after none takes it at once.
     */
    private final class Live {
        final String channel;
        final String runId;
        final ChannelStage stage;
        /** By {@link IngestInput#ordinal()}; guarded by this. */
        final Session[] inputs = new Session[IngestInput.values().length];
        volatile Session active;
        /** This replica's lease on the channel while it has inputs here (and briefly after, see {@link #releaseLease}). */
        volatile ChannelLeases.Claim claim;
        IngestMonitor monitor;
        boolean failoverQueued;
        // Confined to the stage's thread: what the archive got last, and the join in progress.
        MediaSample lastVideo;
        MediaSample lastAudio;
        long lastArchivedArrivalNanos;
        final Map<TrackType, byte[]> sentConfigs = new EnumMap<>(TrackType.class);
        InputJoin join;
        Session joining;
        /** After a discontinuous switch, the last video archived before it, until the new input's first is. */
        MediaSample discontinuityFrom;

        Live(String channel, String runId) {
            this.channel = channel;
            this.runId = runId;
            this.stage = stages.computeIfAbsent(channel, n -> new ChannelStage(n, stagePool, limits, System::nanoTime));
        }
    }

    /** The channel {@code r}'s key opens if it may publish there now, else the refusal (its event published). */
    private Object check(PublishRequest r, String ip, String port) {
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
        return c;
    }

    /** SRT's handshake-time question: would {@code r} be authorized now, and with which link passphrase. */
    @Override
    public Admission admit(PublishRequest r) {
        String ip = r.remote().getAddress().getHostAddress();
        String port = Integer.toString(r.remote().getPort());
        Object checked = check(r, ip, port);
        if (checked instanceof PublishDecision.Refuse refuse) return new Admission.Refuse(refuse.resultCode(), refuse.reason());
        Channel c = (Channel) checked;
        Live l = live.get(c.name());
        if (l != null && l.runId.equals(c.runId())) {
            synchronized (l) {
                if (l.inputs[r.input().ordinal()] != null) {
                    PublishDecision.Refuse refuse = reject(MediaEventTypes.subject(c.name()), r, ip, port, ResultCodes.ALREADY_PUBLISHING,
                            "another encoder is publishing to the " + r.input().wireName() + " input of " + c.name());
                    return new Admission.Refuse(refuse.resultCode(), refuse.reason());
                }
            }
        }
        return new Admission.Admit(channels.srtPassphrase(c).orElse(null));
    }

    @Override
    public void refused(PublishRequest r, String resultCode) {
        String subject = channels.findByStreamKey(r.streamKey()).map(c -> MediaEventTypes.subject(c.name())).orElse(UNKNOWN_SUBJECT);
        reject(subject, r, r.remote().getAddress().getHostAddress(), Integer.toString(r.remote().getPort()), resultCode, "refused by the protocol");
    }

    @Override
    public PublishDecision authorize(PublishRequest r) {
        String ip = r.remote().getAddress().getHostAddress();
        String port = Integer.toString(r.remote().getPort());
        Object checked = check(r, ip, port);
        if (checked instanceof PublishDecision.Refuse refuse) return refuse;
        Channel c = (Channel) checked;
        String subject = MediaEventTypes.subject(c.name());
        Session session = new Session(c, r, ip, port);
        Live fresh = new Live(c.name(), c.runId());
        Live l = live.compute(c.name(), (k, existing) -> {
            if (existing == null || !existing.runId.equals(c.runId())) return fresh;
            return existing;
        });
        boolean first;
        synchronized (l) {
            if (l.inputs[r.input().ordinal()] != null) {
                return reject(subject, r, ip, port, ResultCodes.ALREADY_PUBLISHING,
                        "another encoder is publishing to the " + r.input().wireName() + " input of " + c.name());
            }
            l.inputs[r.input().ordinal()] = session;
            session.live = l;
            first = l.active == null;
            if (first) {
                l.active = session;
                l.monitor = null;
            }
        }
        if (!claimLease(l)) {
            synchronized (l) {
                if (l.inputs[r.input().ordinal()] == session) l.inputs[r.input().ordinal()] = null;
                if (l.active == session) l.active = null;
            }
            return reject(subject, r, ip, port, ResultCodes.ALREADY_PUBLISHING, "another encoder replica holds " + c.name());
        }
        publish(subject, MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected(session.ingestUrl, streamId(r), ip, port));
        if (first) publishAll(List.of(session.activeEvent("", "connected", false, null)));
        LOG.info(() -> "event=encoder_connected channel=" + c.name() + " input=" + r.input().wireName() + " encoderIp=" + ip
                + " active=" + first);
        return new PublishDecision.Accept(session);
    }

    /** Takes (or keeps) the channel's lease for its inputs here; false if another replica holds it. */
    private boolean claimLease(Live l) {
        try {
            Optional<ChannelLeases.Claim> claim = leases.claim(l.channel, l.runId);
            claim.ifPresent(c -> l.claim = c);
            return claim.isPresent();
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=channel_lease_unavailable channel=" + l.channel + " error=" + e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * The channel's last input left and what it sent is written: its lease goes, at once for
     * pass-through, after FFmpeg's flush for live encoding — unless an encoder came back here.
     */
    private void releaseLease(Live l, Channel channel) {
        ChannelLeases.Claim claim = l.claim;
        if (claim == null) return;
        Runnable release = () -> {
            synchronized (l) {
                if (java.util.Arrays.stream(l.inputs).anyMatch(java.util.Objects::nonNull)) return; // taken up again here
                leases.release(claim);
            }
        };
        if (channel.mode() == ChannelMode.ENCODE) {
            timer.schedule(release, LADDER_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            release.run();
        }
    }

    /** Whether the channel may still be archived here: its lease is held (not lost, not released). */
    private static boolean archivable(Live l) {
        ChannelLeases.Claim c = l.claim;
        return c != null && !c.ended;
    }

    /** This replica lost the channel's lease: it forgets the channel and ends its encoders' sessions. */
    private void leaseLost(String channel, String runId, String reason) {
        Live l = live.get(channel);
        List<Session> open = List.of();
        if (l != null) {
            synchronized (l) {
                open = java.util.Arrays.stream(l.inputs).filter(java.util.Objects::nonNull).toList();
            }
            live.remove(channel, l);
        }
        enqueue(List.of(factory.create(MediaEventTypes.subject(channel), LivepipeEventTypes.CHANNEL_LEASE_LOST,
                new ChannelLeaseLost(channel, runId, leases.replica(), reason))));
        for (Session s : open) {
            if (s.connection != null) s.connection.close(ResultCodes.SERVICE_UNAVAILABLE);
        }
    }

    private static String streamId(PublishRequest r) {
        return r.streamName() == null || r.streamName().equals(r.streamKey()) ? "" : r.streamName();
    }

    private PublishDecision.Refuse reject(String subject, PublishRequest r, String ip, String port, String code, String reason) {
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
        /** When the ingest loop last handed over a sample (or the publish was accepted). */
        volatile long lastArrivalNanos = System.nanoTime();
        // Confined to the stage's thread: the codec configurations and, while warm, recent media.
        final Map<TrackType, CodecConfig> configs = new EnumMap<>(TrackType.class);
        final ArrayDeque<InputJoin.Warm> warm = new ArrayDeque<>();
        long warmBytes;

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
                    enqueue(List.of(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.TRACK_DISCONTINUITY_DETECTED,
                            new TrackDiscontinuityDetected(TrackType.VIDEO.wireName(), TrackType.VIDEO.wireName(), 0,
                                    Long.toString(before.decodeTime()), Long.toString(sample.decodeTime()),
                                    Long.toString(IngestMonitor.TIMESCALE), Long.toString(sample.decodeTime() - before.decodeTime())))));
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
            long keep = limits.failoverThreshold().plus(channel.keyFrameInterval().multipliedBy(2)).toNanos();
            while (!warm.isEmpty() && (warmBytes > StageLimits.WARM_BUFFER_BYTES || arrival - warm.peekFirst().arrivalNanos() > keep)) {
                warmBytes -= warm.pollFirst().sample().data().length;
            }
        }

        private void sendConfig(CodecConfig config) {
            byte[] sent = live.sentConfigs.get(config.type());
            if (sent != null && java.util.Arrays.equals(sent, config.config())) return;
            live.sentConfigs.put(config.type(), config.config());
            if (!archivable(live)) return;
            try {
                sink.config(channel.name(), channel.runId(), config);
            } catch (LeaseLostException lost) {
                // the lease's listener ends the sessions
            }
        }

        /** The Livepipe.IngestInputActive event of this input becoming the active one. */
        EventGridEvent activeEvent(String previous, String reason, boolean discontinuity, MediaSample first) {
            return factory.create(MediaEventTypes.subject(channel.name()), LivepipeEventTypes.INGEST_INPUT_ACTIVE,
                    new IngestInputActive(channel.name(), channel.runId(), request.input().wireName(), previous, reason, discontinuity,
                            ip, port, first == null ? "" : Long.toString(first.decodeTime())));
        }

        /** On the stage: the sample's events, then the archive. */
        private void archive(MediaSample sample, long arrival) {
            if (sample.type() == TrackType.VIDEO) live.lastVideo = sample; else live.lastAudio = sample;
            live.lastArchivedArrivalNanos = arrival;
            List<Object> found;
            synchronized (live) {
                if (monitor == null) {
                    monitor = new IngestMonitor(ingestUrl, ip, request.remote().getPort(), declared, clock);
                    if (live.active == this) live.monitor = monitor;
                }
                found = monitor.onSample(sample);
            }
            if (!found.isEmpty()) {
                List<EventGridEvent> out = new ArrayList<>(found.size());
                for (Object d : found) out.add(factory.create(MediaEventTypes.subject(channel.name()), typeOf(d), d));
                enqueue(out);
            }
            if (!archivable(live)) return; // the lease went: nothing more is written here; the sessions are closing
            try {
                sink.sample(channel.name(), channel.runId(), sample);
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
            out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.ENCODER_DISCONNECTED,
                    new EncoderDisconnected(ingestUrl, streamId(request), ip, port, resultCode)));
            for (IngestHeartbeat h : last) out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.INGEST_HEARTBEAT, h));
            enqueue(out);
            // After every sample this session queued: another input takes over, or what is pending is
            // written and the run waits for a reconnect.
            live.stage.submit(0, this::ended);
            LOG.info(() -> "event=encoder_disconnected channel=" + channel.name() + " input=" + request.input().wireName()
                    + " resultCode=" + resultCode);
        }

        /** On the stage, after this session's last sample. */
        private void ended() {
            warm.clear();
            warmBytes = 0;
            if (live.active != this) return;
            Session next;
            synchronized (live) {
                next = live.inputs[IngestInput.PRIMARY.ordinal()] != null ? live.inputs[IngestInput.PRIMARY.ordinal()]
                        : live.inputs[IngestInput.BACKUP.ordinal()];
                // No input left: the next publish takes the channel at once (authorize sees none active).
                if (next == null) live.active = null;
            }
            if (next != null) {
                failover(live, next, "failover_disconnected");
                return;
            }
            if (archivable(live)) {
                try {
                    sink.disconnected(channel.name(), channel.runId());
                } catch (LeaseLostException lost) {
                    // the lease's listener told of it
                }
            }
            releaseLease(live, channel);
        }
    }

    /** Every running channel's heartbeats: real figures while connected, zero after the encoder left. */
    void heartbeatAll() {
        try {
            List<EventGridEvent> out = new ArrayList<>();
            for (Live l : live.values()) {
                Session now = l.active;
                if ((now == null || now.closed) && !lastHeldHere(l)) continue;
                synchronized (l) {
                    if (l.monitor == null) continue;
                    Session a = l.active;
                    List<IngestHeartbeat> hb = a != null && !a.closed
                            ? l.monitor.heartbeat("Running", a.connection == null ? null : a.connection.statistics())
                            : l.monitor.heartbeatDisconnected();
                    for (IngestHeartbeat h : hb) out.add(factory.create(MediaEventTypes.subject(l.channel), MediaEventTypes.INGEST_HEARTBEAT, h));
                }
            }
            enqueue(out);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=heartbeat_failed error=" + e.getClass().getSimpleName());
        }
    }

    /**
     * Whether this replica held the channel last, so that its heartbeats after the encoder left
     * are this replica's to publish; a channel another replica took is forgotten here.
     */
    private boolean lastHeldHere(Live l) {
        try {
            if (leases.lastOwnerIsHere(l.channel)) return true;
            live.remove(l.channel, l);
            return false;
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=channel_owner_unreadable channel=" + l.channel + " error=" + e.getClass().getSimpleName());
            return false;
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
                List<Session> open;
                synchronized (l) {
                    open = java.util.Arrays.stream(l.inputs).filter(java.util.Objects::nonNull).toList();
                }
                for (Session s : open) {
                    if (s.connection != null) s.connection.close(running ? ResultCodes.CHANNEL_RESET : ResultCodes.CHANNEL_STOP);
                }
                if (open.isEmpty() && live.remove(l.channel, l) && l.stage.idle() && !live.containsKey(l.channel)) {
                    stages.remove(l.channel, l.stage);
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=state_poll_failed channel=" + l.channel + " error=" + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * On the stage: {@code to} becomes the archived input. The archive continues after what it
     * holds, seamlessly when the inputs share a timeline and with one marked discontinuity
     * otherwise ({@link InputJoin}); what {@code to} holds warm is replayed through the join.
     */
    private void failover(Live l, Session to, String reason) {
        Session from = l.active;
        synchronized (l) {
            l.failoverQueued = false;
            if (from == to || to.closed) return;
            l.active = to;
            l.monitor = null;
        }
        List<InputJoin.Warm> held = List.copyOf(to.warm);
        to.warm.clear();
        to.warmBytes = 0;
        InputJoin join = InputJoin.plan(l.lastVideo, l.lastAudio, l.lastArchivedArrivalNanos, held);
        MediaSample beforeVideo = l.lastVideo;
        MediaSample beforeAudio = l.lastAudio;
        if (!join.continuous() && beforeVideo != null) {
            sink.disconnected(l.channel, l.runId);
            // The run resumes as after a reconnect: the archive (or FFmpeg's ladder) is told the configuration again.
            l.sentConfigs.clear();
        }
        for (CodecConfig c : to.configs.values()) to.sendConfig(c);
        boolean discontinuity = !join.continuous() && beforeVideo != null;
        l.join = join;
        l.joining = to;
        l.discontinuityFrom = discontinuity ? beforeVideo : null;
        MediaSample first = null;
        for (InputJoin.Warm w : held) {
            to.route(w.sample(), w.arrivalNanos());
            if (first == null && l.lastVideo != beforeVideo && l.lastVideo != null) first = l.lastVideo;
        }
        String prev = from == null ? "" : from.request.input().wireName();
        enqueue(List.of(to.activeEvent(prev, reason, discontinuity, first)));
        String firstTs = first == null ? "pending" : Long.toString(first.decodeTime());
        LOG.info(() -> "event=ingest_failover channel=" + l.channel + " from=" + prev + " to=" + to.request.input().wireName()
                + " reason=" + reason + " continuous=" + join.continuous() + " lastArchivedVideoMs="
                + (beforeVideo == null ? "none" : beforeVideo.decodeTime()) + " firstVideoMs=" + firstTs
                + " audioAfterMs=" + (beforeAudio == null ? "none" : beforeAudio.decodeTime()));
    }

    /**
     * Cuts the publishers of a stage that stayed full past the stall timeout: storage (or FFmpeg)
     * has been slower than the encoder for that long. What the stage holds is still written.
     */
    void checkStages() {
        long now = System.nanoTime();
        long threshold = limits.failoverThreshold().toNanos();
        for (Live l : live.values()) {
            Session to = null;
            synchronized (l) {
                Session a = l.active;
                if (a == null || l.failoverQueued) continue;
                for (Session s : l.inputs) {
                    if (s != null && s != a && now - s.lastArrivalNanos < threshold) to = s;
                }
                if (to == null || now - a.lastArrivalNanos <= threshold) continue;
                l.failoverQueued = true;
            }
            Session target = to;
            LOG.warning(() -> "event=ingest_input_stalled channel=" + l.channel + " threshold=" + limits.failoverThreshold()
                    + " action=failover to=" + target.request.input().wireName());
            l.stage.submit(0, () -> failover(l, target, "failover_stalled"));
        }
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
        return live.values().stream().filter(l -> {
            synchronized (l) {
                return java.util.Arrays.stream(l.inputs).anyMatch(java.util.Objects::nonNull);
            }
        }).map(l -> l.channel).sorted().toList();
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
