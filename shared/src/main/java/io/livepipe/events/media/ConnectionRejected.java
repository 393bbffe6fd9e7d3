package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventConnectionRejected}. */
public record ConnectionRejected(String ingestUrl, String streamId, String encoderIp, String encoderPort,
                                 String resultCode) { }
