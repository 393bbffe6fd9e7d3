package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventTrackDiscontinuityDetected}. */
public record TrackDiscontinuityDetected(String trackType, String trackName, long bitrate, String previousTimestamp,
                                         String newTimestamp, String timescale, String discontinuityGap) { }
