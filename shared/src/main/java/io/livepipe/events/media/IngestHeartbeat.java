package io.livepipe.events.media;

/**
 * Data of {@code Microsoft.Media.LiveEventIngestHeartbeat}: one track's ingest figures over the
 * last 20 s. {@code lastFragmentArrivalTime} is ISO-8601.
 */
public record IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate,
                              String lastTimestamp, String timescale, long overlapCount, long discontinuityCount,
                              long nonincreasingCount, boolean unexpectedBitrate, String state, boolean healthy,
                              String lastFragmentArrivalTime, int ingestDriftValue, String transcriptionState,
                              String transcriptionLanguage) { }
