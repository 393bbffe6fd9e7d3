package io.livepipe.encoder.live;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelState;
import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.ResultCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The channel runtime's periodic jobs, each on the shared timer and one wake-up for all channels
 * (none per channel): every heartbeat period each running channel's IngestHeartbeat events
 * (incoming bitrate 0 after the publisher left); every state poll, the sessions of channels that
 * were stopped or reset are ended; every {@link #STAGE_CHECK}, a stalled input fails over to a
 * live backup and a stage full past its stall timeout has its publishers cut.
 */
final class ChannelWatch implements AutoCloseable {
    /** How often stages are checked for a stall (and, with a backup, inputs for silence). */
    static final Duration STAGE_CHECK = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(ChannelWatch.class.getName());

    private final Map<String, LiveChannel> live;
    private final Map<String, ChannelStage> stages;
    private final ChannelService channels;
    private final ChannelLeases leases;
    private final ChannelEvents events;
    private final StageLimits limits;
    private final List<ScheduledFuture<?>> jobs;

    ChannelWatch(Map<String, LiveChannel> live, Map<String, ChannelStage> stages, ChannelService channels, ChannelLeases leases,
                 ChannelEvents events, StageLimits limits, ScheduledExecutorService timer, Duration heartbeat, Duration statePoll) {
        this.live = live;
        this.stages = stages;
        this.channels = channels;
        this.leases = leases;
        this.events = events;
        this.limits = limits;
        this.jobs = List.of(
                timer.scheduleAtFixedRate(this::heartbeatAll, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS),
                timer.scheduleWithFixedDelay(this::pollStates, statePoll.toMillis(), statePoll.toMillis(), TimeUnit.MILLISECONDS),
                timer.scheduleWithFixedDelay(this::checkStages, STAGE_CHECK.toMillis(), STAGE_CHECK.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Every running channel's heartbeats: real figures while connected, zero after the publisher left. */
    void heartbeatAll() {
        try {
            List<EventGridEvent> out = new ArrayList<>();
            for (LiveChannel l : live.values()) {
                PublisherSession now = l.active;
                if ((now == null || now.closed) && !lastHeldHere(l)) continue;
                synchronized (l) {
                    if (l.monitor == null) continue;
                    PublisherSession a = l.active;
                    List<IngestHeartbeat> hb = a != null && !a.closed
                            ? l.monitor.heartbeat("Running", a.connection == null ? null : a.connection.statistics())
                            : l.monitor.heartbeatDisconnected();
                    out.addAll(events.findings(l.channel, hb));
                }
            }
            events.enqueue(out);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=heartbeat_failed error=" + e.getClass().getSimpleName() + " detail=\"" + e.getMessage() + "\"");
        }
    }

    /**
     * Whether this replica held the channel last, so that its heartbeats after the publisher left
     * are this replica's to publish; a channel another replica took is forgotten here.
     */
    private boolean lastHeldHere(LiveChannel l) {
        try {
            if (leases.lastOwnerIsHere(l.channel)) return true;
            live.remove(l.channel, l);
            return false;
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=channel_owner_unreadable channel=" + l.channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
            return false;
        }
    }

    /** Ends the sessions of channels that were stopped or reset, and forgets stopped channels. */
    void pollStates() {
        for (LiveChannel l : live.values()) {
            try {
                Optional<Channel> c = channels.findByName(l.channel);
                boolean running = c.isPresent() && c.get().state() == ChannelState.RUNNING;
                boolean sameRun = c.isPresent() && l.runId.equals(c.get().runId());
                if (running && sameRun) continue;
                List<PublisherSession> open = l.openInputs();
                for (PublisherSession s : open) {
                    if (s.connection != null) s.connection.close(running ? ResultCodes.CHANNEL_RESET : ResultCodes.CHANNEL_STOP);
                }
                if (open.isEmpty() && live.remove(l.channel, l) && l.stage.idle() && !live.containsKey(l.channel)) {
                    stages.remove(l.channel, l.stage);
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=state_poll_failed channel=" + l.channel + " error=" + e.getClass().getSimpleName()
                        + " detail=\"" + e.getMessage() + "\"");
            }
        }
    }

    /**
     * Fails a silent active input over to a live backup, and cuts the publishers of a stage that
     * stayed full past the stall timeout: storage (or FFmpeg) has been slower than the publisher
     * for that long. What the stage holds is still written.
     */
    void checkStages() {
        long now = System.nanoTime();
        long threshold = limits.failoverThreshold().toNanos();
        for (LiveChannel l : live.values()) {
            PublisherSession to = null;
            synchronized (l) {
                PublisherSession a = l.active;
                if (a == null || l.failoverQueued) continue;
                for (PublisherSession s : l.inputs) {
                    if (s != null && s != a && now - s.lastArrivalNanos < threshold) to = s;
                }
                if (to == null || now - a.lastArrivalNanos <= threshold) continue;
                l.failoverQueued = true;
            }
            PublisherSession target = to;
            LOG.warning(() -> "event=ingest_input_stalled channel=" + l.channel + " threshold=" + limits.failoverThreshold()
                    + " action=failover to=" + target.input());
            l.stage.submit(0, () -> target.takeOver("failover_stalled"));
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
                LOG.warning(() -> "event=stage_check_failed channel=" + e.getKey() + " error=" + ex.getClass().getSimpleName()
                        + " detail=\"" + ex.getMessage() + "\"");
            }
        }
    }

    @Override
    public void close() {
        jobs.forEach(j -> j.cancel(false));
    }
}
