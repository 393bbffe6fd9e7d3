package io.livepipe.encoder.ingest;

/** The protocol side of an accepted session, for the channel runtime to end it (stop, reset). */
public interface IngestConnection {
    /** Closes the encoder's connection; the session then ends with {@code resultCode}. */
    void close(String resultCode);
}
