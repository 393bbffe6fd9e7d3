package io.livepipe.encoder.ingest;

/**
 * Decides who may publish. Ingest protocols (RTMP now; SRT and CMAF ingest later) ask it once
 * per publish attempt, on a thread where blocking briefly on storage is acceptable.
 */
public interface IngestGate {
    PublishDecision authorize(PublishRequest request);
}
