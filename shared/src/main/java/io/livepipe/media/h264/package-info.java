/**
 * H.264 decoder configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section
 * 5.3.3.1), one SPS parser for both the picture size and the slice header layout (ITU-T H.264
 * section 7.3.2.1.1), the PPS fields that shape a slice header (section 7.3.2.2), and the size
 * of a slice header (section 7.3.3) for common encryption's clear part. One bit reader serves
 * them all: Exp-Golomb codes (section 9.1) read from the NAL unit as stored, emulation-prevention
 * bytes (section 7.4.1) skipped in place. VUI and slice data are not parsed. Written ourselves:
 * no maintained Java library parses these.
 */
package io.livepipe.media.h264;
