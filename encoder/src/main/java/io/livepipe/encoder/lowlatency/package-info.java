/**
 * The low-latency origin of the encoder service: each low-latency channel run's chunked CMAF
 * parts in a bounded ring in memory ({@link io.livepipe.encoder.lowlatency.PartRing}), served as
 * LL-HLS (RFC 8216bis) under {@code /{locator}/ll/} with blocking playlist reloads and held
 * preload-hinted part requests that take no thread while they wait, and as LL-DASH with the
 * segment being made sent in chunks ({@link io.livepipe.encoder.lowlatency.LowLatencyOrigin}).
 * Protected locators are served by the streaming endpoint's machinery
 * ({@link io.livepipe.streaming.LowLatencyProtection}, chosen per locator by
 * {@link io.livepipe.encoder.lowlatency.PartSealing}): under the AES-128 envelope each part and segment a
 * resource of its own under its segment's IV (RFC 8216bis §4.4.4.4); under cbcs/cenc (ISO/IEC 23001-7)
 * each part a CMAF chunk (ISO/IEC 23000-19 §7.3.3) sample-encrypted on its own under the IVs its
 * samples have in the whole segment. A request for a channel another encoder replica ingests is
 * proxied to it ({@link io.livepipe.encoder.lowlatency.ReplicaProxy}, from the channel's lease record).
 * The archive still stores whole segments; this is the live edge only.
 * Leaves out: relaying an LL-DASH segment being made chunk by chunk through another replica.
 */
package io.livepipe.encoder.lowlatency;
