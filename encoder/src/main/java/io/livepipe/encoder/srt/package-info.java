/**
 * SRT ingest: a listener on one UDP port for every channel, on Debian's libsrt (1.5) bound with
 * JNA ({@link io.livepipe.encoder.srt.LibSrt}; no SRT of our own). The caller's stream id carries
 * the stream key ({@link io.livepipe.encoder.srt.SrtStreamId}: plain, or SRT's access-control
 * syntax {@code #!::r=KEY,m=publish}); the handshake is admitted or refused by the ingest gate with
 * SRT reject reasons (access_control.h) and Media Services result codes
 * ({@link io.livepipe.encoder.srt.SrtAdmissions}); a channel's passphrase encrypts the link
 * (AES, SRTO_PASSPHRASE). Accepted callers are read by one thread on libsrt's epoll
 * ({@link io.livepipe.encoder.srt.SrtServer}) and their MPEG-TS demuxed
 * ({@link io.livepipe.media.ts.TsDemuxer}) into the same {@link io.livepipe.encoder.publish.PublishSession}
 * RTMP feeds ({@link io.livepipe.encoder.srt.SrtConnection}). Bounds live in
 * {@link io.livepipe.encoder.srt.SrtLimits}. Left out: rendezvous and caller modes, SRT groups
 * (bonding), file mode, and plain MPEG-TS over UDP (no stream id to name a channel).
 */
package io.livepipe.encoder.srt;
