/**
 * MPEG-2 transport stream demultiplexing and, for HLS with TS segments, muxing
 * ({@link io.livepipe.media.ts.TsMuxer}: one track's samples to one segment, pure) (ISO/IEC 13818-1): 188-byte packets (section 2.4.3.2)
 * with their adaptation fields and PCR (2.4.3.4), the program association and program map
 * tables (2.4.4.3, 2.4.4.8, CRC-32 of Annex A), PES packets (2.4.3.6) with 33-bit PTS/DTS that
 * wrap, and the two elementary streams livepipe ingests: H.264 in Annex B byte-stream form
 * (stream type 0x1B; ITU-T H.264 Annex B, turned into AVCC samples and an
 * AVCDecoderConfigurationRecord) and AAC in ADTS (stream type 0x0F; ISO/IEC 14496-3 section
 * 1.A.2, turned into raw frames and an AudioSpecificConfig).
 *
 * <p>We write it ourselves: no maintained Java library demuxes TS into samples (the ones that
 * exist are parts of players, such as ExoPlayer's extractor, and bring their whole framework).
 * It is pure (bytes in, immutable records out, no I/O, no clock) and bounded by
 * {@link io.livepipe.media.ts.TsLimits}: every length is checked before it allocates, and bad
 * input is refused with {@link io.livepipe.media.ts.TsException}, which says where.
 *
 * <p>Left out: scrambled packets (refused), multiple programs beyond the first with media
 * (others are ignored), PSI sections spanning more than a few packets, and stream types other
 * than H.264 and ADTS AAC, which are reported as unsupported (HEVC, MPEG audio, AC-3, ...) or
 * ignored (private data, SCTE-35, metadata). The PCR is checked (it must not run backwards
 * or jump without a discontinuity indicator) but never used for timing: samples are timed by
 * their PTS/DTS.
 */
package io.livepipe.media.ts;
