package io.livepipe.encoder.publish;

/**
 * A gate's answer before a session exists, for protocols that must decide during their
 * handshake (SRT's listener callback): admitted, with the passphrase the channel's link must be
 * encrypted with (null: none), or refused with a Media Services result code (the
 * ConnectionRejected event is already published). Admission takes nothing: the publish is
 * still {@linkplain IngestGate#authorize authorized} once the handshake completes.
 */
public sealed interface Admission {
    record Admit(String passphrase) implements Admission {
        @Override
        public String toString() { return "Admit[passphrase=" + (passphrase == null ? "none" : "set") + "]"; }
    }

    record Refuse(String resultCode, String reason) implements Admission { }
}
