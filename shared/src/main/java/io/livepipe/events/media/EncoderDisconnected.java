package io.livepipe.events.media;

/** Data of {@code Microsoft.Media.LiveEventEncoderDisconnected}. */
public record EncoderDisconnected(String ingestUrl, String streamId, String encoderIp, String encoderPort,
                                  String resultCode) { }
