package io.livepipe.encoder.live;

import io.livepipe.encoder.publish.IngestConnection;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One channel's work between the ingest loop and everything that waits (storage, events,
 * FFmpeg): tasks run one at a time, in submission order, on a thread of a shared pool, never on
 * the thread that submits. {@link #submit} never blocks: it counts the task's bytes and, when
 * the stage holds more than its high-water mark (bytes or tasks), asks every publisher of the
 * channel to stop reading its socket, so TCP slows the encoder; once the stage drains under the
 * low mark they read again. {@link #check} (called periodically) reports a stage that stayed
 * full past its stall timeout, so that its publishers are cut; what the stage holds is still
 * done. A stage is its channel's only thread of work, so the sink sees one thread at a time.
 */
final class ChannelStage {
    private static final Logger LOG = Logger.getLogger(ChannelStage.class.getName());

    private record Task(long bytes, Runnable work) { }

    private final String channel;
    private final Executor pool;
    private final StageLimits limits;
    private final LongSupplier nanos;
    private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Set<IngestConnection> publishers = new CopyOnWriteArraySet<>();
    private final Object valve = new Object();
    /** Guarded by {@link #valve}: reading is stopped, since when. */
    private boolean paused;
    private long fullSinceNanos;
    private volatile long peakBytes;

    ChannelStage(String channel, Executor pool, StageLimits limits, LongSupplier nanos) {
        this.channel = channel;
        this.pool = pool;
        this.limits = limits;
        this.nanos = nanos;
    }

    /** A publisher whose socket this stage may stop and resume reading. */
    void attach(IngestConnection c) {
        publishers.add(c);
        synchronized (valve) {
            if (paused) c.reading(false);
        }
    }

    void detach(IngestConnection c) { publishers.remove(c); }

    /** Queues {@code work} (which carries {@code size} bytes of media); never blocks. */
    void submit(long size, Runnable work) {
        queue.add(new Task(size, work));
        long held = bytes.addAndGet(size);
        int n = tasks.incrementAndGet();
        if (held > peakBytes) peakBytes = held;
        if (held > limits.highWaterBytes() || n > limits.highWaterSamples()) {
            synchronized (valve) {
                if (!paused) {
                    paused = true;
                    fullSinceNanos = nanos.getAsLong();
                    LOG.warning(() -> "event=ingest_stage_full channel=" + channel + " bytes=" + held + " tasks=" + n + " action=reading_paused");
                    for (IngestConnection c : publishers) c.reading(false);
                }
            }
        }
        schedule();
    }

    private void schedule() {
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) pool.execute(this::drain);
    }

    private void drain() {
        try {
            for (Task t; (t = queue.poll()) != null; ) {
                try {
                    t.work().run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "event=ingest_stage_task_failed channel=" + channel + " error=" + e.getClass().getSimpleName(), e);
                }
                long held = bytes.addAndGet(-t.bytes());
                int n = tasks.decrementAndGet();
                if (held <= limits.lowWaterBytes() && n <= limits.lowWaterSamples()) resume();
            }
        } finally {
            draining.set(false);
            schedule();
        }
    }

    private void resume() {
        synchronized (valve) {
            if (!paused) return;
            paused = false;
            long ms = (nanos.getAsLong() - fullSinceNanos) / 1_000_000;
            LOG.info(() -> "event=ingest_stage_drained channel=" + channel + " pausedMs=" + ms + " action=reading_resumed");
            for (IngestConnection c : publishers) c.reading(true);
        }
    }

    /**
     * True when reading has been stopped for longer than the stall timeout: the caller cuts the
     * publishers. The stage keeps what it holds and finishes it.
     */
    boolean stalled() {
        synchronized (valve) {
            return paused && nanos.getAsLong() - fullSinceNanos > limits.stallTimeout().toNanos();
        }
    }

    /** The publishers this stage reads for now. */
    Set<IngestConnection> publishers() { return Set.copyOf(publishers); }

    /** Nothing queued or running. */
    boolean idle() { return tasks.get() == 0 && !draining.get(); }

    long heldBytes() { return bytes.get(); }

    long peakBytes() { return peakBytes; }
}
