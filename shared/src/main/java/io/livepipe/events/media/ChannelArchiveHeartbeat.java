package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventChannelArchiveHeartbeat}: pipeline latency in ms, as a string. */
public record ChannelArchiveHeartbeat(String channelLatencyMs, String latencyResultCode) { }
