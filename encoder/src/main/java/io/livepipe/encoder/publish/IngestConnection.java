package io.livepipe.encoder.publish;

/** The protocol side of an accepted session, for the channel runtime to end it (stop, reset) or slow it. */
public interface IngestConnection {
    /** Closes the encoder's connection; the session then ends with {@code resultCode}. */
    void close(String resultCode);

    /**
     * Stops ({@code false}) or resumes ({@code true}) reading the encoder's connection: while it is
     * stopped the encoder's bytes wait in TCP and TCP slows the encoder. Any thread; never blocks.
     */
    void reading(boolean on);

    /** The transport's own link figures for heartbeats (SRT's RTT, loss, retransmits); null when it has none (RTMP). */
    default io.livepipe.events.media.SrtStatistics statistics() { return null; }
}
