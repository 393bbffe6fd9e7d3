/**
 * The streaming endpoint's logic: locators, and one stored CMAF copy packaged on request as HLS
 * (RFC 8216: version 7 with fMP4, and version 3 with MPEG-TS segments for Media Services'
 * {@code m3u8-aapl}), MPEG-DASH (ISO/IEC 23009-1, SegmentTemplate with SegmentTimeline;
 * {@code mpd-time-cmaf} and {@code mpd-time-csf}) and Smooth Streaming (MS-SSTR §2.2.2 client
 * manifest, §2.2.4 fragments with tfxd/tfrf), live with a sliding window or VOD, with the Azure
 * Media Services URL forms, encrypted on the fly ({@link io.livepipe.streaming.ProtectionPackager}).
 * One job per class: {@link io.livepipe.streaming.StreamingService} routes a URL,
 * {@link io.livepipe.streaming.RenditionCatalog} says what an asset offers (from its timeline:
 * answering a manifest reads no segment), {@link io.livepipe.streaming.SegmentServer} serves the
 * media, {@link io.livepipe.streaming.StreamingResponses} shapes HTTP answers (ranges per RFC 9110
 * §14, cache headers, ETags, RFC 9457 problems).
 * Low-latency HLS and DASH are served by the encoder service that holds the channel
 * ({@code io.livepipe.encoder.lowlatency}), not here. Not yet: FairPlay in TS (SAMPLE-AES),
 * PIFF's own sample encryption box in Smooth fragments, Smooth text streams and trick play.
 */
package io.livepipe.streaming;
