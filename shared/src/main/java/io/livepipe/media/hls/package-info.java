/**
 * HLS playlists (RFC 8216): multivariant and media playlists, version 7 with fMP4 segments
 * (§4.3.2.5 EXT-X-MAP) and version 3 with MPEG-TS segments, with the keys of AES-128 envelope
 * (§4.3.2.4), SAMPLE-AES (FairPlay, Widevine, PlayReady) and SAMPLE-AES-CTR. Written from plain
 * records ({@code media.manifest}); leaves out I-frame playlists, subtitles and low-latency
 * (parts, preload hints: the encoder's {@code lowlatency} package writes those).
 */
package io.livepipe.media.hls;
