package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventIncomingStreamReceived}; times are strings, as the service sent them. */
public record IncomingStreamReceived(String ingestUrl, String trackType, String trackName, long bitrate,
                                     String encoderIp, String encoderPort, String timestamp, String duration,
                                     String timescale) { }
