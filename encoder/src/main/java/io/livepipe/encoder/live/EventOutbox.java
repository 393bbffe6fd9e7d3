package io.livepipe.encoder.live;

import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The channel runtime's events on their way out, off every thread that handles media: callers
 * queue events and return at once; one thread hands them to the publisher (Event Grid's HTTP in
 * Azure) in order, in batches of at most {@link #BATCH}. The queue holds at most
 * {@link #CAPACITY} events: when the publisher is that far behind, further events are dropped
 * and counted in the log ({@code event=event_dropped}) rather than held without bound or let
 * slow the media. A batch the publisher refuses is logged and not retried (the publisher's own
 * client retries).
 */
final class EventOutbox implements EventPublisher, AutoCloseable {
    static final int CAPACITY = 10_000;
    static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(EventOutbox.class.getName());

    private final EventPublisher target;
    private final BlockingQueue<EventGridEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    EventOutbox(EventPublisher target) {
        this.target = target;
        this.thread = new Thread(this::run, "channel-events");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(List<EventGridEvent> events) {
        for (EventGridEvent e : events) {
            if (!queue.offer(e)) {
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 1000 == 0) LOG.warning(() -> "event=event_dropped type=" + e.eventType() + " dropped=" + n);
            }
        }
    }

    private void run() {
        List<EventGridEvent> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                EventGridEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                target.publish(List.copyOf(batch));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                int n = batch.size();
                LOG.warning(() -> "event=event_publish_failed count=" + n + " error=" + e.getClass().getSimpleName()
                        + " detail=\"" + e.getMessage() + "\"");
            } finally {
                batch.clear();
            }
        }
    }

    /** Events dropped because the queue was full, since the start. */
    long dropped() { return dropped.get(); }

    /** Publishes what is queued (waiting up to two seconds), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
