package io.livepipe.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the control plane has observed of a channel from its events, kept at
 * {@code channels/{name}/observed.json}: the connected encoder (null when none), the last
 * heartbeat of each track, and the most recent events for the console. Each fact carries the
 * time of the event that set it, so an older event delivered late never overwrites a newer one.
 */
public record ChannelObservation(Encoder encoder, Instant connectionChangedAt, Instant lastHeartbeatAt,
                                 Map<String, TrackHealth> tracks, List<RecentEvent> recentEvents) {
    public ChannelObservation {
        tracks = tracks == null ? Map.of() : Map.copyOf(tracks);
        recentEvents = recentEvents == null ? List.of() : List.copyOf(recentEvents);
    }

    public static ChannelObservation empty() { return new ChannelObservation(null, null, null, Map.of(), List.of()); }

    /** The encoder currently publishing. */
    public record Encoder(String ip, String port, String ingestUrl, Instant connectedAt) { }

    /** One track's state as its last heartbeat said; {@code srt}: the SRT link's figures (null for RTMP). */
    public record TrackHealth(String trackType, long bitrate, long incomingBitrate, boolean healthy,
                              boolean unexpectedBitrate, String lastTimestamp, String state, Instant at,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              io.livepipe.events.media.SrtStatistics srt) {
        public TrackHealth(String trackType, long bitrate, long incomingBitrate, boolean healthy, boolean unexpectedBitrate,
                           String lastTimestamp, String state, Instant at) {
            this(trackType, bitrate, incomingBitrate, healthy, unexpectedBitrate, lastTimestamp, state, at, null);
        }
    }

    /** An event as the console lists it. */
    public record RecentEvent(String id, String eventType, Instant eventTime, JsonNode data) { }

    /** True when no encoder is connected, or none has been heard from. */
    public boolean healthy() {
        return encoder != null && !tracks.isEmpty() && tracks.values().stream().allMatch(TrackHealth::healthy);
    }
}
