package io.livepipe.encoder.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.FencedBlobStore;
import io.livepipe.storage.LeaseHeldException;
import io.livepipe.storage.LeaseLostException;
import io.livepipe.storage.Leases;
import io.livepipe.storage.PutOptions;
import io.livepipe.storage.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Channel ownership across encoder replicas on one store: a replica writes a channel only while
 * it holds the Blob lease on {@code leases/channels/{channel}} (in the state store), which it
 * takes before accepting a publisher, renews every third of the lease's duration on the timer,
 * confirms before every segment write ({@link #fenced}) and releases when its encoder leaves.
 * The lease blob holds an {@link Owner} record written under the lease, naming the replica
 * that took it last. A replica that dies stops renewing; after the lease's duration another
 * may take it. Every lease a replica takes has one id, made from the replica's name: a replica
 * that comes back under its name (the local platform, one per data folder; a container restarted
 * with a fixed LIVEPIPE_REPLICA_NAME) holds its leases again at once instead of waiting out its own.
 * Names must therefore be unique among live replicas (the default adds a random suffix per process). A lease that is broken, or that could not be renewed for a whole duration, is
 * lost: the {@link LossListener} hears it once and the replica stops writing the channel.
 *
 * <p>One more lease, {@link #TIMERS}, elects the replica that runs timers of the whole
 * deployment ({@link #runsGlobalTimers}).
 */
public final class ChannelLeases implements AutoCloseable {
    public static final String CHANNELS = "leases/channels/";
    /** The lease of whoever runs the deployment-wide timers (retention sweep, channel watch) where the host runs them. */
    public static final String TIMERS = "leases/timers";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ChannelLeases.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hears, once per claim, that a channel's lease is lost. Called on the timer or a writing thread. */
    public interface LossListener {
        void lost(String channel, String runId, String reason);
    }

    /**
     * What the lease blob says: which replica took the channel last, for which run, when, and
     * where that replica's origin answers inside the deployment ({@code http://host:port}; null
     * from a replica that did not say), for low-latency requests that reach another replica.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Owner(String channel, String runId, String replica, String since, String origin) {
        public Owner(String channel, String runId, String replica, String since) { this(channel, runId, replica, since, null); }
    }

    /** One held claim on a channel. */
    public final class Claim {
        final String channel;
        final String runId;
        final String leaseId;
        volatile long confirmedAt;
        volatile boolean ended;

        Claim(String channel, String runId, String leaseId, long now) {
            this.channel = channel;
            this.runId = runId;
            this.leaseId = leaseId;
            this.confirmedAt = now;
        }

        public String channel() { return channel; }

        public String runId() { return runId; }

        /** Renews the lease on the store now; {@link LeaseLostException} (and the listener told) if it is not ours any more. */
        void confirm() {
            if (ended) throw new LeaseLostException(path(channel));
            try {
                store.renewLease(path(channel), leaseId);
                confirmedAt = clock.millis();
            } catch (LeaseLostException e) {
                lose(this, "lease_lost");
                throw e;
            } catch (StoreException e) {
                if (clock.millis() - confirmedAt >= duration.toMillis()) {
                    lose(this, "renewal_failed");
                    throw new LeaseLostException(path(channel));
                }
                throw e;
            }
        }
    }

    private final BlobStore store;
    private final String replica;
    /** The id of every lease this replica takes: its name's, so that a replica back under its name after a crash holds its leases again at once. */
    private final String leaseId;
    private final Duration duration;
    private final Clock clock;
    private final Map<String, Claim> held = new ConcurrentHashMap<>();
    private volatile LossListener listener = (c, r, why) -> { };
    /** This replica's internal origin URL, written into the lease records it takes (null: not said). */
    private volatile String origin;
    private volatile String timersLeaseId;
    private ScheduledFuture<?> renewals;

    /** Leases on {@code store} (the state store) of {@code duration} (15-60 s), taken in the name of {@code replica}. */
    public ChannelLeases(BlobStore store, String replica, Duration duration, Clock clock) {
        Leases.seconds(duration);
        if (replica == null || replica.isBlank()) throw new IllegalArgumentException("replica name required");
        this.store = store;
        this.replica = replica;
        this.leaseId = UUID.nameUUIDFromBytes(("livepipe-replica/" + replica).getBytes(StandardCharsets.UTF_8)).toString();
        this.duration = duration;
        this.clock = clock;
    }

    /** Renews every held lease (and tries for the timers lease) every third of the duration on {@code timer}. */
    public ChannelLeases start(ScheduledExecutorService timer) {
        long every = duration.toMillis() / 3;
        renewals = timer.scheduleWithFixedDelay(this::renewAll, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    public void onLost(LossListener l) { this.listener = l; }

    /** Says where this replica's origin answers inside the deployment, in the lease records it takes from now on. */
    public void advertise(String originUrl) { this.origin = originUrl; }

    /** The origin URL of the replica that took the channel last, if another replica did and said where it answers. */
    public Optional<String> holderOrigin(String channel) {
        return owner(channel).filter(o -> !o.replica().equals(replica)).map(Owner::origin);
    }

    public String replica() { return replica; }

    public Duration duration() { return duration; }

    static String path(String channel) { return CHANNELS + channel; }

    /**
     * Takes the channel's lease for {@code runId}, or keeps the one this replica holds; empty
     * if another replica holds it. Blocks on the store: call it where that is acceptable.
     */
    public Optional<Claim> claim(String channel, String runId) {
        Claim mine = held.get(channel);
        if (mine != null && !mine.ended && mine.runId.equals(runId)) {
            try {
                mine.confirm();
                return Optional.of(mine);
            } catch (LeaseLostException lost) {
                // taken from us meanwhile: try afresh below
            }
        }
        String id = leaseId;
        try {
            store.acquireLease(path(channel), duration, id);
        } catch (LeaseHeldException taken) {
            return Optional.empty();
        }
        Claim c = new Claim(channel, runId, id, clock.millis());
        try {
            byte[] owner = JSON.writeValueAsBytes(new Owner(channel, runId, replica, clock.instant().toString(), origin));
            store.put(path(channel), owner, PutOptions.of("application/json").with(Condition.leased(id)));
        } catch (IOException | RuntimeException e) {
            quietlyRelease(c);
            if (e instanceof LeaseLostException) return Optional.empty();
            throw e instanceof RuntimeException r ? r : new StoreException("cannot write the owner of " + path(channel), e);
        }
        Claim previous = held.put(channel, c);
        if (previous != null) previous.ended = true;
        LOG.info(() -> "event=channel_lease_taken channel=" + channel + " runId=" + runId + " replica=" + replica);
        return Optional.of(c);
    }

    /** Lets the channel go (its encoder left, for good or to another replica). */
    public void release(Claim c) {
        if (!held.remove(c.channel, c)) return;
        quietlyRelease(c);
        LOG.info(() -> "event=channel_lease_released channel=" + c.channel + " replica=" + replica);
    }

    private void quietlyRelease(Claim c) {
        c.ended = true;
        try {
            store.releaseLease(path(c.channel), c.leaseId);
        } catch (StoreException e) {
            // lost or unreachable: either way it ends by itself within the duration
            LOG.fine(() -> "event=channel_lease_release_failed channel=" + c.channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    /** Whether this replica holds the channel's lease now. */
    public boolean holds(String channel) {
        Claim c = held.get(channel);
        return c != null && !c.ended;
    }

    /** Whether the channel's lease blob names this replica as the last to take it (for a channel whose encoder left). */
    public boolean lastOwnerIsHere(String channel) {
        return owner(channel).map(o -> o.replica().equals(replica)).orElse(false);
    }

    /** What the channel's lease blob says, if it was ever taken. */
    public Optional<Owner> owner(String channel) {
        return store.get(path(channel)).filter(b -> b.data().length > 0).map(b -> {
            try {
                return JSON.readValue(b.data(), Owner.class);
            } catch (IOException e) {
                throw new StoreException("unreadable owner of " + path(channel), e);
            }
        });
    }

    /**
     * The channel's media store with every write fenced by this replica's lease on the channel:
     * a write while the lease is not held here is refused with {@link LeaseLostException}.
     */
    public BlobStore fenced(BlobStore media, String channel) {
        return new FencedBlobStore(media, () -> {
            Claim c = held.get(channel);
            if (c == null) throw new LeaseLostException(path(channel));
            c.confirm();
        });
    }

    /** Whether this replica is the one that runs the deployment's timers now (holds {@link #TIMERS}). */
    public boolean runsGlobalTimers() { return timersLeaseId != null; }

    void renewAll() {
        for (Claim c : held.values()) {
            try {
                c.confirm();
            } catch (LeaseLostException lost) {
                // confirm told the listener and logged it
            } catch (StoreException e) {
                LOG.warning(() -> "event=channel_lease_renewal_failed channel=" + c.channel + " replica=" + replica
                        + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
            }
        }
        keepTimersLease();
    }

    private void keepTimersLease() {
        String id = timersLeaseId;
        try {
            if (id != null) {
                store.renewLease(TIMERS, id);
            } else {
                store.acquireLease(TIMERS, duration, leaseId);
                timersLeaseId = leaseId;
                LOG.info(() -> "event=timers_lease_taken replica=" + replica);
            }
        } catch (LeaseHeldException | LeaseLostException elsewhere) {
            timersLeaseId = null;
        } catch (StoreException e) {
            timersLeaseId = null; // unsure whether it is still ours: let the timers rest rather than run twice
            LOG.warning(() -> "event=timers_lease_failed replica=" + replica + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    private void lose(Claim c, String reason) {
        synchronized (c) {
            if (c.ended) return;
            c.ended = true;
        }
        held.remove(c.channel, c);
        LOG.warning(() -> "event=channel_lease_lost channel=" + c.channel + " runId=" + c.runId + " replica=" + replica + " reason=" + reason);
        listener.lost(c.channel, c.runId, reason);
    }

    /** Stops renewing and releases every lease held (the service is stopping: others may take its channels at once). */
    @Override
    public void close() {
        if (renewals != null) renewals.cancel(false);
        for (Claim c : held.values()) release(c);
        String id = timersLeaseId;
        timersLeaseId = null;
        if (id != null) {
            try {
                store.releaseLease(TIMERS, id);
            } catch (StoreException e) {
                LOG.fine("event=timers_lease_release_failed");
            }
        }
    }
}
