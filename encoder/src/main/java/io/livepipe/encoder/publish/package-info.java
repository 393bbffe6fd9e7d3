/**
 * The seam between ingest protocols (RTMP, SRT, HTTP push) and the channel runtime: a protocol
 * asks an {@link io.livepipe.encoder.publish.IngestGate} whether a broadcaster's publish is allowed
 * and hands the accepted stream to a {@link io.livepipe.encoder.publish.PublishSession} as samples.
 * Named {@code publish} (it was {@code encoder.ingest}) so that it is not taken for
 * {@code io.livepipe.channel.ingest} in {@code shared/}, the per-track ingest monitor.
 */
package io.livepipe.encoder.publish;
