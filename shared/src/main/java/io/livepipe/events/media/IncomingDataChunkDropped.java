package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventIncomingDataChunkDropped}. */
public record IncomingDataChunkDropped(String trackType, String trackName, long bitrate, String timestamp,
                                       String timescale, String resultCode) { }
