package io.livepipe.encoder.publish;

/**
 * Decides who may publish. Ingest protocols (RTMP, SRT) ask it once per publish attempt, on a
 * thread where blocking briefly on storage is acceptable.
 */
public interface IngestGate {
    PublishDecision authorize(PublishRequest request);

    /**
     * Whether {@code request} would be authorized now, and with which link passphrase, without
     * taking the channel: for a protocol that answers in its handshake. A refusal publishes its
     * ConnectionRejected event. By default everyone is admitted and {@link #authorize} decides.
     */
    default Admission admit(PublishRequest request) { return new Admission.Admit(null); }

    /**
     * The protocol refused an admitted publish itself (SRT: the caller's encryption did not match
     * the channel's passphrase): the gate publishes its ConnectionRejected event with {@code resultCode}.
     */
    default void refused(PublishRequest request, String resultCode) { }
}
