package io.livepipe.local;

import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.EventSubscription;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Event delivery inside one process, with Event Grid's contract: each event goes to every
 * subscribed function asynchronously, at least once, in no promised order; a failed invocation
 * is retried with growing delays, up to {@link #MAX_ATTEMPTS}, then dropped with a log line
 * (Event Grid would dead-letter it).
 */
final class InProcessEvents implements EventPublisher, AutoCloseable {
    static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_RETRY_MS = 200;
    private static final Logger LOG = Logger.getLogger(InProcessEvents.class.getName());

    private final Supplier<FunctionHost> host;
    private final List<EventSubscription> subscriptions;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;

    /** {@code host} is a supplier because the functions need this publisher before the host exists. */
    InProcessEvents(Supplier<FunctionHost> host, List<EventSubscription> subscriptions, int threads) {
        this.host = host;
        this.subscriptions = List.copyOf(subscriptions);
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "events"));
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "events-retry"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void publish(List<EventGridEvent> events) {
        for (EventGridEvent e : events) {
            String json = EventJson.toJson(e);
            for (EventSubscription s : subscriptions) {
                if (s.accepts(e) && host.get().eventGridFunctionNames().contains(s.functionName())) {
                    workers.execute(() -> deliver(s.functionName(), e.id(), json, 1));
                }
            }
        }
    }

    private void deliver(String function, String eventId, String json, int attempt) {
        try {
            host.get().invokeEventGrid(function, json);
        } catch (Exception ex) {
            if (attempt >= MAX_ATTEMPTS) {
                LOG.warning(() -> "event=delivery_dropped function=" + function + " eventId=" + eventId + " attempts=" + attempt
                        + " error=" + ex.getClass().getSimpleName() + " message=\"" + ex.getMessage() + "\"");
                return;
            }
            long delay = FIRST_RETRY_MS << Math.min(attempt - 1, 6);
            retries.schedule(() -> workers.execute(() -> deliver(function, eventId, json, attempt + 1)),
                    delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
