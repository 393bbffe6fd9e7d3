/**
 * Low-latency HLS (RFC 8216bis, draft-pantos-hls-rfc8216bis-15: §4.4.3.7 EXT-X-PART-INF, §4.4.3.8
 * EXT-X-SERVER-CONTROL, §4.4.4.9 EXT-X-PART, §4.4.5.2 EXT-X-SKIP, §4.4.5.3 EXT-X-PRELOAD-HINT,
 * §4.4.5.4 EXT-X-RENDITION-REPORT, §6.2.5 delivery directives) over chunked CMAF parts held in the
 * encoder service's memory: the playlist model and writer ({@link LowLatencyPlaylist}) and the
 * parser of the blocking-reload query ({@link BlockingReload}); and LL-DASH MPDs over the same
 * parts ({@link LowLatencyDash}: ISO/IEC 23009-1 5.3.9.4, Annex K ServiceDescription, DASH-IF
 * low-latency modes: availabilityTimeOffset). Pure: no clocks, sockets or files.
 * Leaves out: EXT-X-DATERANGE (so {@code _HLS_skip=v2} skips as {@code YES} does), byte-range
 * parts, and TS parts.
 */
package io.livepipe.streaming.lowlatency;
