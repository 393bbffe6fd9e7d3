/**
 * The seam between ingest protocols (RTMP, SRT) and the channel runtime: a protocol asks an
 * {@link io.livepipe.encoder.publish.IngestGate} whether a publish is allowed and hands the
 * accepted stream to a {@link io.livepipe.encoder.publish.PublishSession} as samples.
 */
package io.livepipe.encoder.publish;
