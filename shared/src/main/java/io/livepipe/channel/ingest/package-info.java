/**
 * Ingest observation: turns an encoder session's samples into the Media Services channel
 * events (stream received, heartbeats with health, discontinuities, A/V drift) described in
 * EVENTS.md. Protocol-independent: RTMP today, SRT or CMAF ingest later feed the same monitor.
 */
package io.livepipe.channel.ingest;
