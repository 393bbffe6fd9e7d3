package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventEncoderConnected}. */
public record EncoderConnected(String ingestUrl, String streamId, String encoderIp, String encoderPort) { }
