package io.livepipe.events.media;

/**
 * Data of {@code Microsoft.Media.LiveEventIngestHeartbeat}: one track's ingest figures over the
 * last 20 s. {@code lastFragmentArrivalTime} is ISO-8601. {@code srt} is livepipe's addition for
 * SRT publishers (the link's RTT, loss, retransmits), absent from the JSON otherwise.
 */
public record IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate,
                              String lastTimestamp, String timescale, long overlapCount, long discontinuityCount,
                              long nonincreasingCount, boolean unexpectedBitrate, String state, boolean healthy,
                              String lastFragmentArrivalTime, int ingestDriftValue, String transcriptionState,
                              String transcriptionLanguage,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              SrtStatistics srt) {
    /** A heartbeat without transport figures (RTMP). */
    public IngestHeartbeat(String trackType, String trackName, long bitrate, long incomingBitrate, String lastTimestamp,
                           String timescale, long overlapCount, long discontinuityCount, long nonincreasingCount,
                           boolean unexpectedBitrate, String state, boolean healthy, String lastFragmentArrivalTime,
                           int ingestDriftValue, String transcriptionState, String transcriptionLanguage) {
        this(trackType, trackName, bitrate, incomingBitrate, lastTimestamp, timescale, overlapCount, discontinuityCount,
                nonincreasingCount, unexpectedBitrate, state, healthy, lastFragmentArrivalTime, ingestDriftValue,
                transcriptionState, transcriptionLanguage, null);
    }
}
