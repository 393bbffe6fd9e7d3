package io.livepipe.encoder.channel;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelMode;
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
import io.livepipe.events.livepipe.ChannelLeaseLost;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * publisher is. A lost lease ends the session ({@code Livepipe.ChannelLeaseLost}). Heartbeats
 * of a channel whose encoder left come from the replica that held it last, so each channel's
 * heartbeats are published once across replicas.
 */
public final class ChannelIngest implements IngestGate, AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    public static final Duration STATE_POLL = Duration.ofSeconds(2);
    /** Subject of rejections that name no channel (an unknown key). */
    public static final String UNKNOWN_SUBJECT = "liveEvent";
    /** How long a live-encoding channel's lease is kept after its encoder left: FFmpeg flushes its last segments meanwhile. */
    public static final Duration LADDER_FLUSH = Duration.ofSeconds(12);
    private static final Logger LOG = Logger.getLogger(ChannelIngest.class.getName());

    private final ChannelService channels;
    private final EventPublisher events;
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
        this.leases = leases;
        this.timer = timer;
        leases.onLost(this::leaseLost);
        this.channels = channels;
        this.events = events;
        this.factory = factory;
        this.clock = clock;
        this.sink = sink;
        this.heartbeats = timer.scheduleAtFixedRate(this::heartbeatAll, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        this.polls = timer.scheduleWithFixedDelay(this::pollStates, statePoll.toMillis(), statePoll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A channel's ingest state: the current session (or none after the encoder left) and its monitor. */
    private final class Live {
        final String channel;
        final String runId;
        Session session;
        IngestMonitor monitor;

        Live(String channel, String runId) {
            this.channel = channel;
            this.runId = runId;
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
        if (!claimLease(session)) {
            synchronized (l) {
                if (l.session == session) l.session = null;
            }
            return reject(subject, r, ip, port, ResultCodes.ALREADY_PUBLISHING, "another encoder replica holds " + c.name());
        }
        publish(subject, MediaEventTypes.ENCODER_CONNECTED, new EncoderConnected(session.ingestUrl, streamId(r), ip, port));
        LOG.info(() -> "event=encoder_connected channel=" + c.name() + " encoderIp=" + ip);
        return new PublishDecision.Accept(session);
    }

    /** Takes the channel's lease for the session; false if another replica holds it. */
    private boolean claimLease(Session session) {
        try {
            Optional<ChannelLeases.Claim> claim = leases.claim(session.channel.name(), session.channel.runId());
            claim.ifPresent(c -> session.claim = c);
            return claim.isPresent();
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=channel_lease_unavailable channel=" + session.channel.name() + " error=" + e.getClass().getSimpleName());
            return false;
        }
    }

    /** The session's encoder left: its lease goes once what it sent is written (at once, or after FFmpeg's flush). */
    private void releaseLease(Session session) {
        ChannelLeases.Claim claim = session.claim;
        if (claim == null) return;
        Runnable release = () -> {
            Live l = session.live;
            synchronized (l) {
                if (l.session != null && l.session.claim == claim) return; // a reconnect here took it up again
            }
            leases.release(claim);
        };
        if (session.channel.mode() == ChannelMode.ENCODE) {
            timer.schedule(release, LADDER_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            release.run();
        }
    }

    /** This replica lost the channel's lease: it forgets the channel and ends its encoder's session. */
    private void leaseLost(String channel, String runId, String reason) {
        Live l = live.get(channel);
        Session s = null;
        if (l != null) {
            synchronized (l) {
                s = l.session;
            }
            live.remove(channel, l);
        }
        publish(MediaEventTypes.subject(channel), LivepipeEventTypes.CHANNEL_LEASE_LOST,
                new ChannelLeaseLost(channel, runId, leases.replica(), reason));
        if (s != null && s.connection != null) s.connection.close(ResultCodes.SERVICE_UNAVAILABLE);
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
        volatile ChannelLeases.Claim claim;
        volatile IngestConnection connection;
        boolean closed;

        Session(Channel channel, PublishRequest request, String ip, String port) {
            this.channel = channel;
            this.request = request;
            this.ip = ip;
            this.port = port;
            this.ingestUrl = IngestEndpoints.withoutStreamKey(request.ingestUrl());
        }

        @Override
        public void onStart(IngestConnection c) { this.connection = c; }

        @Override
        public void onMetadata(Map<String, Object> metadata) {
            declare(TrackType.VIDEO, metadata.get("videodatarate"));
            declare(TrackType.AUDIO, metadata.get("audiodatarate"));
        }

        /** onMetaData states kbit/s; we keep bit/s. */
        private void declare(TrackType t, Object kbps) {
            if (kbps instanceof Double d && d > 0 && d < 1e7) declared.put(t, Math.round(d * 1000));
        }

        @Override
        public void onCodecConfig(CodecConfig config) {
            if (claim.ended) return;
            try {
                sink.config(channel.name(), channel.runId(), config);
            } catch (LeaseLostException lost) {
                // the lease's listener ends this session
            }
        }

        @Override
        public void onSample(MediaSample sample) {
            List<Object> found;
            synchronized (live) {
                if (live.monitor == null) {
                    live.monitor = new IngestMonitor(ingestUrl, ip, request.remote().getPort(), declared, clock);
                }
                found = live.monitor.onSample(sample);
            }
            if (!found.isEmpty()) {
                List<EventGridEvent> out = new ArrayList<>(found.size());
                for (Object d : found) out.add(factory.create(MediaEventTypes.subject(channel.name()), typeOf(d), d));
                publishAll(out);
            }
            if (claim.ended) return; // the lease went: nothing more is written; the connection is closing
            try {
                sink.sample(channel.name(), channel.runId(), sample);
            } catch (LeaseLostException lost) {
                // the lease's listener ends this session
            }
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
            if (!claim.ended) {
                try {
                    sink.disconnected(channel.name(), channel.runId());
                } catch (LeaseLostException lost) {
                    // the lease's listener told of it
                }
            }
            releaseLease(this);
            List<EventGridEvent> out = new ArrayList<>();
            out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.ENCODER_DISCONNECTED,
                    new EncoderDisconnected(ingestUrl, streamId(request), ip, port, resultCode)));
            for (IngestHeartbeat h : last) out.add(factory.create(MediaEventTypes.subject(channel.name()), MediaEventTypes.INGEST_HEARTBEAT, h));
            publishAll(out);
            LOG.info(() -> "event=encoder_disconnected channel=" + channel.name() + " resultCode=" + resultCode);
        }
    }

    /** Every running channel's heartbeats: real figures while connected, zero after the encoder left. */
    void heartbeatAll() {
        try {
            List<EventGridEvent> out = new ArrayList<>();
            for (Live l : live.values()) {
                boolean connected;
                synchronized (l) {
                    connected = l.session != null;
                }
                if (!connected && !lastHeldHere(l)) continue;
                synchronized (l) {
                    if (l.monitor == null) continue;
                    List<IngestHeartbeat> hb = l.session != null ? l.monitor.heartbeat("Running") : l.monitor.heartbeatDisconnected();
                    for (IngestHeartbeat h : hb) out.add(factory.create(MediaEventTypes.subject(l.channel), MediaEventTypes.INGEST_HEARTBEAT, h));
                }
            }
            publishAll(out);
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
                Session s;
                synchronized (l) {
                    s = l.session;
                }
                if (s != null && s.connection != null) {
                    s.connection.close(running ? ResultCodes.CHANNEL_RESET : ResultCodes.CHANNEL_STOP);
                }
                if (s == null) live.remove(l.channel, l);
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=state_poll_failed channel=" + l.channel + " error=" + e.getClass().getSimpleName());
            }
        }
    }

    /** Channels with an encoder connected now. */
    public List<String> connectedChannels() {
        return live.values().stream().filter(l -> l.session != null).map(l -> l.channel).sorted().toList();
    }

    @Override
    public void close() {
        heartbeats.cancel(false);
        polls.cancel(false);
    }
}
