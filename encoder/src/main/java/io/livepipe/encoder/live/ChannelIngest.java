package io.livepipe.encoder.live;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelState;
import io.livepipe.encoder.publish.Admission;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.ChannelLeaseLost;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.EncoderConnected;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.ResultCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The channel runtime's ingest gate: a publish is accepted when its stream key opens a running
 * channel, the publisher's address is allowed and no other publisher is on that input; each
 * decision and connect is a Media Services event. The accepted stream is a
 * {@link PublisherSession} of the channel's {@link LiveChannel}; the periodic jobs (heartbeats
 * every {@link #HEARTBEAT}, a stopped or reset channel losing its publisher within
 * {@link #STATE_POLL}, stall checks) are the {@link ChannelWatch}'s; events go out through
 * {@link ChannelEvents}, which leaves the stream key out of every one.
 *
 * <p>Across encoder replicas, a publish is accepted only where the channel's lease is taken
 * ({@link ChannelLeases}, {@link LeaseKeeper}); held by another replica, the publisher is refused
 * as a second publisher is. A lost lease ends the channel's sessions
 * ({@code Livepipe.ChannelLeaseLost}) and nothing more of it is archived here. Heartbeats of a
 * channel whose publisher left come from the replica that held it last, so each channel's
 * heartbeats are published once across replicas.
 */
public final class ChannelIngest implements IngestGate, AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    public static final Duration STATE_POLL = Duration.ofSeconds(2);
    /** Subject of rejections that name no channel (an unknown key). */
    public static final String UNKNOWN_SUBJECT = "liveEvent";
    private static final Logger LOG = Logger.getLogger(ChannelIngest.class.getName());

    private final ChannelService channels;
    private final ChannelEvents events;
    private final IngestParts parts;
    private final StageLimits limits;
    private final ExecutorService stagePool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "channel-stage");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ChannelStage> stages = new ConcurrentHashMap<>();
    private final Map<String, LiveChannel> live = new ConcurrentHashMap<>();
    private final ChannelLeases leases;
    private final ChannelWatch watch;

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll,
                         ChannelLeases leases) {
        this(channels, events, factory, clock, sink, timer, heartbeat, statePoll, StageLimits.defaults(), leases);
    }

    public ChannelIngest(ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                         ChannelMediaSink sink, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll,
                         StageLimits limits, ChannelLeases leases) {
        this.leases = leases;
        leases.onLost(this::leaseLost);
        this.channels = channels;
        this.events = new ChannelEvents(events, factory);
        this.limits = limits;
        this.parts = new IngestParts(this.events, sink, limits, clock, new LeaseKeeper(leases, timer));
        this.watch = new ChannelWatch(live, stages, channels, leases, this.events, limits, timer, heartbeat, statePoll);
    }

    private LiveChannel fresh(String channel, String runId) {
        return new LiveChannel(channel, runId, stages.computeIfAbsent(channel, n -> new ChannelStage(n, stagePool, limits, System::nanoTime)));
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
        LiveChannel l = live.get(c.name());
        if (l != null && l.runId.equals(c.runId())) {
            synchronized (l) {
                if (l.inputs[r.input().ordinal()] != null) {
                    PublishDecision.Refuse refuse = secondPublisher(r, ip, port, c);
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
        PublisherSession session = new PublisherSession(parts, c, r, ip, port);
        LiveChannel l = live.compute(c.name(), (k, existing) -> {
            if (existing == null || !existing.runId.equals(c.runId())) return fresh(c.name(), c.runId());
            return existing;
        });
        boolean first;
        synchronized (l) {
            if (l.inputs[r.input().ordinal()] != null) return secondPublisher(r, ip, port, c);
            l.inputs[r.input().ordinal()] = session;
            session.live = l;
            first = l.active == null;
            if (first) {
                l.active = session;
                l.monitor = null;
            }
        }
        if (!parts.leases().claim(l)) {
            synchronized (l) {
                if (l.inputs[r.input().ordinal()] == session) l.inputs[r.input().ordinal()] = null;
                if (l.active == session) l.active = null;
            }
            return reject(subject, r, ip, port, ResultCodes.ALREADY_PUBLISHING, "another encoder replica holds " + c.name());
        }
        events.publishNow(subject, MediaEventTypes.ENCODER_CONNECTED,
                new EncoderConnected(session.ingestUrl, ChannelEvents.streamId(r), ip, port));
        if (first) events.publishNow(List.of(session.activeEvent("", "connected", false, null)));
        LOG.info(() -> "event=encoder_connected channel=" + c.name() + " input=" + r.input().wireName() + " encoderIp=" + ip
                + " active=" + first);
        return new PublishDecision.Accept(session);
    }

    private PublishDecision.Refuse secondPublisher(PublishRequest r, String ip, String port, Channel c) {
        return reject(MediaEventTypes.subject(c.name()), r, ip, port, ResultCodes.ALREADY_PUBLISHING,
                "another encoder is publishing to the " + r.input().wireName() + " input of " + c.name());
    }

    private PublishDecision.Refuse reject(String subject, PublishRequest r, String ip, String port, String code, String reason) {
        events.rejected(subject, r, ip, port, code);
        LOG.info(() -> "event=connection_rejected subject=" + subject + " encoderIp=" + ip + " resultCode=" + code);
        return new PublishDecision.Refuse(code, reason);
    }

    /** This replica lost the channel's lease: it forgets the channel and ends its publishers' sessions. */
    private void leaseLost(String channel, String runId, String reason) {
        LiveChannel l = live.get(channel);
        List<PublisherSession> open = List.of();
        if (l != null) {
            open = l.openInputs();
            live.remove(channel, l);
        }
        events.enqueue(events.about(channel, LivepipeEventTypes.CHANNEL_LEASE_LOST,
                new ChannelLeaseLost(channel, runId, leases.replica(), reason)));
        for (PublisherSession s : open) {
            if (s.connection != null) s.connection.close(ResultCodes.SERVICE_UNAVAILABLE);
        }
    }

    /** Bytes of media a channel's stage holds now, and the most it held (0 for an unknown channel). */
    long[] stageBytes(String channel) {
        ChannelStage st = stages.get(channel);
        return st == null ? new long[] {0, 0} : new long[] {st.heldBytes(), st.peakBytes()};
    }

    /** Channels with a publisher connected now. */
    public List<String> connectedChannels() {
        return live.values().stream().filter(LiveChannel::hasInputs).map(l -> l.channel).sorted().toList();
    }

    @Override
    public void close() {
        watch.close();
        stagePool.shutdown();
        try {
            stagePool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stagePool.shutdownNow();
        events.close();
    }
}
