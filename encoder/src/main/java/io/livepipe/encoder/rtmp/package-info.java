/**
 * RTMP ingest (Adobe RTMP specification 1.0, December 2012: section 5.2 handshake, 5.3 chunk
 * stream, 5.4 protocol control, 7.2 NetConnection and NetStream commands) on Netty. Supported:
 * the simple handshake (which FFmpeg, OBS and hardware encoders accept), all chunk header
 * formats, extended timestamps, interleaved chunk streams, any chunk size, acknowledgements,
 * ping, AMF0 and AMF3 commands, H.264 and AAC in FLV bodies. Not supported: playback, RTMPE,
 * aggregate messages, shared objects.
 *
 * <p>Result codes ({@link io.livepipe.events.media.ResultCodes}) a session ends with:
 * {@code S_OK} after FCUnpublish/deleteStream; {@code MPE_CLIENT_TERMINATED_SESSION} when the
 * TCP connection drops; {@code MPE_RTMP_SESSION_IDLE_TIMEOUT} after the idle timeout without
 * data; {@code MPE_INGEST_CODEC_NOT_SUPPORTED} for codecs other than H.264/AAC;
 * {@code MPE_INGEST_DESCRIPTION_INFO_NOT_RECEIVED} for media before its sequence header;
 * {@code MPE_RTMP_PROTOCOL_VIOLATION} for malformed chunks, AMF or FLV, limits exceeded (buffer
 * budgets, the message deadline; see {@link io.livepipe.encoder.rtmp.RtmpLimits}) and
 * floods; {@code MPE_BAD_URL_SYNTAX} when the path is not {@code /live/{key}[/{name}]}.
 * Refusals by the gate carry its own code (e.g. {@code MPE_RTMP_APPID_AUTH_FAILURE}). Written
 * ourselves: Netty has no RTMP codec and no maintained Java RTMP server library exists.
 */
package io.livepipe.encoder.rtmp;
