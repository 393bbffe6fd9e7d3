package io.livepipe.encoder.live;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelMode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Takes a channel's lease when an input is accepted here and gives it back when the last one
 * left and what it sent is written: at once for pass-through, after FFmpeg's flush
 * ({@link #LADDER_FLUSH}) for live encoding — unless a publisher came back here meanwhile.
 */
final class LeaseKeeper {
    /** How long a live-encoding channel's lease is kept after its publisher left: FFmpeg flushes its last segments meanwhile. */
    static final Duration LADDER_FLUSH = Duration.ofSeconds(12);
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final ChannelLeases leases;
    private final ScheduledExecutorService timer;

    LeaseKeeper(ChannelLeases leases, ScheduledExecutorService timer) {
        this.leases = leases;
        this.timer = timer;
    }

    ChannelLeases leases() { return leases; }

    /** Takes (or keeps) the channel's lease for its inputs here; false if another replica holds it. */
    boolean claim(LiveChannel l) {
        try {
            Optional<ChannelLeases.Claim> claim = leases.claim(l.channel, l.runId);
            claim.ifPresent(c -> l.claim = c);
            return claim.isPresent();
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=channel_lease_unavailable channel=" + l.channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
            return false;
        }
    }

    /** The channel's last input left and what it sent is written: its lease goes (see the class doc). */
    void release(LiveChannel l, Channel channel) {
        ChannelLeases.Claim claim = l.claim;
        if (claim == null) return;
        Runnable release = () -> {
            synchronized (l) {
                if (l.hasInputs()) return; // taken up again here
                leases.release(claim);
            }
        };
        if (channel.mode() == ChannelMode.ENCODE) {
            timer.schedule(release, LADDER_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            release.run();
        }
    }
}
