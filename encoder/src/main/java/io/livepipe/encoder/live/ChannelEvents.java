package io.livepipe.encoder.live;

import io.livepipe.channel.IngestEndpoints;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.media.ConnectionRejected;
import io.livepipe.events.media.IncomingDataChunkDropped;
import io.livepipe.events.media.IncomingStreamReceived;
import io.livepipe.events.media.IncomingStreamsOutOfSync;
import io.livepipe.events.media.IngestHeartbeat;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.events.media.TrackDiscontinuityDetected;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * How the channel runtime's events go out: decisions (made on the gate's thread, already off the
 * ingest loop) are published directly, everything from media and timer threads is queued in the
 * {@link EventOutbox} and never waited for. The stream key is in no event: their
 * {@code ingestUrl} is the URL without it ({@link IngestEndpoints#withoutStreamKey}).
 */
final class ChannelEvents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChannelEvents.class.getName());

    private final EventPublisher direct;
    private final EventOutbox outbox;
    private final EventFactory factory;

    ChannelEvents(EventPublisher events, EventFactory factory) {
        this.direct = events;
        this.outbox = new EventOutbox(events);
        this.factory = factory;
    }

    /** One event about {@code channel} (its subject is the channel's). */
    EventGridEvent about(String channel, String type, Object data) {
        return factory.create(MediaEventTypes.subject(channel), type, data);
    }

    /** The event of a channel-monitor finding ({@link io.livepipe.channel.ingest.IngestMonitor}). */
    EventGridEvent finding(String channel, Object data) {
        return about(channel, typeOf(data), data);
    }

    /** Findings (or heartbeats) of a channel as events, in order. */
    List<EventGridEvent> findings(String channel, List<?> data) {
        List<EventGridEvent> out = new ArrayList<>(data.size());
        for (Object d : data) out.add(finding(channel, d));
        return out;
    }

    /** Publishes at once, on the caller's thread: for the gate's decisions. */
    void publishNow(String subject, String type, Object data) {
        publishNow(List.of(factory.create(subject, type, data)));
    }

    void publishNow(List<EventGridEvent> list) {
        if (list.isEmpty()) return;
        try {
            direct.publish(list);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=event_publish_failed count=" + list.size() + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    /** Events from media and timer threads: queued, never waited for. */
    void enqueue(List<EventGridEvent> list) {
        if (!list.isEmpty()) outbox.publish(list);
    }

    void enqueue(EventGridEvent event) {
        outbox.publish(List.of(event));
    }

    /** The ConnectionRejected event of a refused publish, published now (the stream key left out). */
    void rejected(String subject, PublishRequest r, String ip, String port, String code) {
        publishNow(subject, MediaEventTypes.CONNECTION_REJECTED,
                new ConnectionRejected(IngestEndpoints.withoutStreamKey(r.ingestUrl()), streamId(r), ip, port, code));
    }

    /** The stream name the event carries: empty when the publisher named its stream by its key. */
    static String streamId(PublishRequest r) {
        return r.streamName() == null || r.streamName().equals(r.streamKey()) ? "" : r.streamName();
    }

    private static String typeOf(Object data) {
        if (data instanceof IncomingStreamReceived) return MediaEventTypes.INCOMING_STREAM_RECEIVED;
        if (data instanceof TrackDiscontinuityDetected) return MediaEventTypes.TRACK_DISCONTINUITY_DETECTED;
        if (data instanceof IncomingStreamsOutOfSync) return MediaEventTypes.INCOMING_STREAMS_OUT_OF_SYNC;
        if (data instanceof IncomingDataChunkDropped) return MediaEventTypes.INCOMING_DATA_CHUNK_DROPPED;
        if (data instanceof IngestHeartbeat) return MediaEventTypes.INGEST_HEARTBEAT;
        throw new IllegalArgumentException("not a channel event: " + data.getClass());
    }

    @Override
    public void close() {
        outbox.close();
    }
}
