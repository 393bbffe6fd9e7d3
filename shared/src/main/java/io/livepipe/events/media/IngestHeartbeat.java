package io.livepipe.events.media;

/**
 * Data of {@code Microsoft.Media.LiveEventIngestHeartbeat}: one track's ingest figures over the
 * last 20 s. {@code lastFragmentArrivalTime} is ISO-8601. {@code srt} is livepipe's addition for
 * SRT publishers (the link's RTT, loss, retransmits), absent from the JSON otherwise.
 * {@code frameRate} (frames per second of media time) and {@code keyFrameInterval} (seconds
 * between key frames, averaged) are livepipe's additions for video tracks, over the same window,
 * for the console's health graphs; absent when the window had too few frames or key frames.
 */
public record IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate,
                              String lastTimestamp, String timescale, long overlapCount, long discontinuityCount,
                              long nonincreasingCount, boolean unexpectedBitrate, String state, boolean healthy,
                              String lastFragmentArrivalTime, int ingestDriftValue, String transcriptionState,
                              String transcriptionLanguage,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              SrtStatistics srt,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              Double frameRate,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              Double keyFrameInterval) {
    /** A heartbeat without the video cadence figures. */
    public IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate, String lastTimestamp,
                           String timescale, long overlapCount, long discontinuityCount, long nonincreasingCount,
                           boolean unexpectedBitrate, String state, boolean healthy, String lastFragmentArrivalTime,
                           int ingestDriftValue, String transcriptionState, String transcriptionLanguage, SrtStatistics srt) {
        this(trackType, trackName, bitrate, incomingBitrate, lastTimestamp, timescale, overlapCount, discontinuityCount,
                nonincreasingCount, unexpectedBitrate, state, healthy, lastFragmentArrivalTime, ingestDriftValue,
                transcriptionState, transcriptionLanguage, srt, null, null);
    }

    /** A heartbeat without transport figures (RTMP). */
    public IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate, String lastTimestamp,
                           String timescale, long overlapCount, long discontinuityCount, long nonincreasingCount,
                           boolean unexpectedBitrate, String state, boolean healthy, String lastFragmentArrivalTime,
                           int ingestDriftValue, String transcriptionState, String transcriptionLanguage) {
        this(trackType, trackName, bitrate, incomingBitrate, lastTimestamp, timescale, overlapCount, discontinuityCount,
                nonincreasingCount, unexpectedBitrate, state, healthy, lastFragmentArrivalTime, ingestDriftValue,
                transcriptionState, transcriptionLanguage, null, null, null);
    }
}
