package io.livepipe.encoder.publish;

/** Whether a publish is accepted (with the session that takes the stream) or refused, and why. */
public sealed interface PublishDecision {
    record Accept(PublishSession session) implements PublishDecision { }

    /** Refused with a Media Services result code and a reason the encoder is told. */
    record Refuse(String resultCode, String reason) implements PublishDecision { }
}
