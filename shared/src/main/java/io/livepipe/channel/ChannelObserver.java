package io.livepipe.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.storage.JsonDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each channel's {@link ChannelObservation} from its events, for the {@code ChannelEvents}
 * function. Idempotent and order-tolerant: an event already recorded (by id) changes nothing,
 * and a connect or disconnect older than the last one applied does not undo it. One conditional
 * write per event. No stream key is kept: every {@code ingestUrl} is stored without it
 * ({@link IngestEndpoints#withoutStreamKey}) — also from an encoder of an earlier version, and a
 * document written before that is cleaned when read or next written.
 */
public final class ChannelObserver {
    /** How many events the console can list per channel. */
    public static final int RECENT_EVENTS = 100;
    static final String SUBJECT_PREFIX = "liveEvent/";

    private final JsonDocuments docs;

    public ChannelObserver(JsonDocuments docs) { this.docs = docs; }

    public static String path(String channel) { return ChannelService.PREFIX + channel + "/observed.json"; }

    /** Applies one event; returns false if it is not a channel event this observer keeps. */
    public boolean apply(EventGridEvent e) {
        Optional<String> channel = channelOf(e);
        if (channel.isEmpty()) return false;
        docs.update(path(channel.get()), ChannelObservation.class,
                current -> applyTo(current.orElse(ChannelObservation.empty()), e));
        return true;
    }

    public ChannelObservation observation(String channel) {
        ChannelName.require(channel);
        return docs.read(path(channel), ChannelObservation.class).map(v -> withoutStreamKeys(v.value())).orElse(ChannelObservation.empty());
    }

    static Optional<String> channelOf(EventGridEvent e) {
        if (!e.subject().startsWith(SUBJECT_PREFIX)) return Optional.empty();
        String name = e.subject().substring(SUBJECT_PREFIX.length());
        return ChannelName.isValid(name) ? Optional.of(name) : Optional.empty();
    }

    /** The observation with every ingestUrl (of the encoder, of each recent event) stripped of its stream key. */
    static ChannelObservation withoutStreamKeys(ChannelObservation o) {
        boolean changed = false;
        ChannelObservation.Encoder enc = o.encoder();
        if (enc != null && !java.util.Objects.equals(enc.ingestUrl(), IngestEndpoints.withoutStreamKey(enc.ingestUrl()))) {
            enc = new ChannelObservation.Encoder(enc.ip(), enc.port(), IngestEndpoints.withoutStreamKey(enc.ingestUrl()), enc.connectedAt());
            changed = true;
        }
        List<ChannelObservation.RecentEvent> recent = new ArrayList<>(o.recentEvents().size());
        for (ChannelObservation.RecentEvent r : o.recentEvents()) {
            JsonNode clean = withoutStreamKey(r.data());
            changed |= clean != r.data();
            recent.add(clean == r.data() ? r : new ChannelObservation.RecentEvent(r.id(), r.eventType(), r.eventTime(), clean));
        }
        return changed ? new ChannelObservation(enc, o.connectionChangedAt(), o.lastHeartbeatAt(), o.tracks(), recent) : o;
    }

    private static JsonNode withoutStreamKey(JsonNode data) {
        if (data == null || !(data.get("ingestUrl") instanceof com.fasterxml.jackson.databind.node.TextNode url)) return data;
        String clean = IngestEndpoints.withoutStreamKey(url.asText());
        if (clean.equals(url.asText())) return data;
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) data).deepCopy();
        copy.put("ingestUrl", clean);
        return copy;
    }

    static ChannelObservation applyTo(ChannelObservation stored, EventGridEvent e) {
        ChannelObservation o = withoutStreamKeys(stored);
        for (ChannelObservation.RecentEvent r : o.recentEvents()) {
            if (r.id().equals(e.id())) return o;
        }
        List<ChannelObservation.RecentEvent> recent = new ArrayList<>(o.recentEvents());
        recent.add(new ChannelObservation.RecentEvent(e.id(), e.eventType(), e.eventTime(), withoutStreamKey(e.data())));
        recent.sort(Comparator.comparing(ChannelObservation.RecentEvent::eventTime)
                .thenComparing(ChannelObservation.RecentEvent::id).reversed());
        if (recent.size() > RECENT_EVENTS) recent = recent.subList(0, RECENT_EVENTS);

        ChannelObservation.Encoder encoder = o.encoder();
        Instant changedAt = o.connectionChangedAt();
        Instant heartbeatAt = o.lastHeartbeatAt();
        Map<String, ChannelObservation.TrackHealth> tracks = new HashMap<>(o.tracks());
        boolean newer = changedAt == null || e.eventTime().isAfter(changedAt);
        JsonNode d = e.data();
        switch (e.eventType()) {
            case MediaEventTypes.ENCODER_CONNECTED -> {
                if (newer) {
                    encoder = new ChannelObservation.Encoder(text(d, "encoderIp"), text(d, "encoderPort"),
                            IngestEndpoints.withoutStreamKey(text(d, "ingestUrl")), e.eventTime());
                    changedAt = e.eventTime();
                    tracks.values().removeIf(t -> t.at().isBefore(e.eventTime()));
                }
            }
            case MediaEventTypes.ENCODER_DISCONNECTED -> {
                if (newer) {
                    encoder = null;
                    changedAt = e.eventTime();
                }
            }
            case MediaEventTypes.INGEST_HEARTBEAT -> {
                String track = text(d, "trackName");
                ChannelObservation.TrackHealth prior = tracks.get(track);
                if (track != null && (prior == null || e.eventTime().isAfter(prior.at()))) {
                    tracks.put(track, new ChannelObservation.TrackHealth(text(d, "trackType"), d.path("bitrate").asLong(),
                            d.path("incomingBitrate").asLong(), d.path("healthy").asBoolean(),
                            d.path("unexpectedBitrate").asBoolean(), text(d, "lastTimestamp"), text(d, "state"),
                            e.eventTime(), srt(d.get("srt"))));
                }
                if (heartbeatAt == null || e.eventTime().isAfter(heartbeatAt)) heartbeatAt = e.eventTime();
            }
            default -> { }
        }
        return new ChannelObservation(encoder, changedAt, heartbeatAt, tracks, recent);
    }

    /** The SRT figures of a heartbeat, when its publisher used SRT. */
    private static io.livepipe.events.media.SrtStatistics srt(JsonNode s) {
        if (s == null || !s.isObject()) return null;
        return new io.livepipe.events.media.SrtStatistics(s.path("rttMs").asDouble(), s.path("packetsReceived").asLong(),
                s.path("packetsLost").asLong(), s.path("packetsRetransmitted").asLong(), s.path("packetsDropped").asLong(),
                s.path("receiveRateMbps").asDouble(), s.path("latencyMs").asInt());
    }

    private static String text(JsonNode d, String field) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
