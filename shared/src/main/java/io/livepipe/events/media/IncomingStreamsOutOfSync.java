package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventIncomingStreamsOutOfSync}. */
public record IncomingStreamsOutOfSync(String minLastTimestamp, String typeOfStreamWithMinLastTimestamp,
                                       String maxLastTimestamp, String typeOfStreamWithMaxLastTimestamp,
                                       String timescaleOfMinLastTimestamp, String timescaleOfMaxLastTimestamp) { }
