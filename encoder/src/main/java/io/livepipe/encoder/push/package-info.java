/**
 * HTTP push ingest of fragmented MP4 on the encoder's HTTP host: the DASH-IF Live Media Ingest
 * specification (v1.2, Interface 1: CMAF ingest, sections 6.1-6.4) — a POST or PUT per CMAF header
 * and per segment of each track, or one long chunked POST per track — and Smooth Streaming ingest
 * as FFmpeg's {@code -f ismv} muxer sends it (one chunked POST to {@code .../Streams(name)} carrying
 * moov then moof+mdat per track, times in tfxd boxes, MS-SSTR 2.2.4.4). Authenticated by the stream
 * key in the path; the samples go to the same channel runtime as RTMP's. Left out: the backup input
 * over HTTP, DASH-IF Interface 2 (livepipe reads no pushed manifest), timed text and metadata tracks,
 * encrypted CMAF, the {@code lmsg} end-of-stream brand (a static manifest, or a silence, ends a publish instead).
 */
package io.livepipe.encoder.push;
