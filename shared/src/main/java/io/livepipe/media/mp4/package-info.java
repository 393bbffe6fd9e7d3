/**
 * ISO base media file format (ISO/IEC 14496-12) as livepipe reads and writes it: the box tree of
 * a file in memory ({@link io.livepipe.media.mp4.BoxReader}), CMAF headers and fragments written
 * by the fragmenter, and the readers of pushed fragmented MP4 (HTTP push ingest): top-level boxes
 * framed as they arrive ({@link io.livepipe.media.mp4.BoxFramer}), moov tracks
 * ({@link io.livepipe.media.mp4.MovieHeader}), moof+mdat runs ({@link io.livepipe.media.mp4.MovieFragment},
 * with Smooth Streaming's tfxd of MS-SSTR 2.2.4.4). Pure and bounded; malformed input is a
 * {@link io.livepipe.media.MalformedMediaException} naming box and offset: every field is read
 * through {@link io.livepipe.media.ByteCursor} ({@link io.livepipe.media.mp4.Box#fields}), and
 * box types are the named constants of {@link io.livepipe.media.mp4.FourCC}. One parser of
 * movie boxes, {@link io.livepipe.media.mp4.MovieHeader}, serves push ingest and the manifests'
 * {@link io.livepipe.media.mp4.InitInfo}. Left out: absolute
 * base-data-offsets in streams, sample groups, subsample information, encryption boxes on ingest.
 */
package io.livepipe.media.mp4;
