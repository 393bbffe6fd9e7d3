/**
 * H.264 decoder configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 section
 * 5.3.3.1), the SPS fields that give the picture size (ITU-T H.264 section 7.3.2.1.1), and the
 * size of a slice header (section 7.3.3) for common encryption's clear part. VUI and slice data
 * are not parsed. Written ourselves: no maintained Java library parses these.
 */
package io.livepipe.media.h264;
