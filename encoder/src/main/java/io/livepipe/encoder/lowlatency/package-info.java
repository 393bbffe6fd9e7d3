/**
 * The low-latency origin of the encoder service: each low-latency channel run's chunked CMAF
 * parts in a bounded ring in memory ({@link io.livepipe.encoder.lowlatency.PartRing}), served as
 * LL-HLS (RFC 8216bis) under {@code /{locator}/ll/} with blocking playlist reloads and held
 * preload-hinted part requests that take no thread while they wait, and as LL-DASH with the
 * segment being made sent in chunks ({@link io.livepipe.encoder.lowlatency.LowLatencyOrigin}).
 * Envelope (AES-128) locators get LL-HLS encrypted by the streaming endpoint's machinery
 * ({@link io.livepipe.streaming.LowLatencyProtection}): each part and segment a resource of its own
 * under its segment's IV. The archive still stores whole segments; this is the live edge only.
 * Leaves out: cenc/cbcs locators, routing viewers to the replica that holds a channel (one encoder replica, or sticky
 * routing, for low-latency channels).
 */
package io.livepipe.encoder.lowlatency;
