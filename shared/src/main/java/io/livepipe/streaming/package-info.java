/**
 * The streaming endpoint's logic: locators, and one stored CMAF copy packaged on request as HLS
 * (RFC 8216, version 7, fMP4) and MPEG-DASH (ISO/IEC 23009-1, SegmentTemplate with
 * SegmentTimeline), live with a sliding window or VOD, with the Azure Media Services URL
 * forms. Not yet: encryption (the protection issue), TS-based HLS ({@code m3u8-aapl}),
 * low-latency HLS, discontinuity sequence numbers across a sliding window.
 */
package io.livepipe.streaming;
