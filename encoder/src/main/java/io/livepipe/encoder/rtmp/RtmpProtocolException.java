package io.livepipe.encoder.rtmp;

/** A peer broke the RTMP protocol or a limit; the connection is closed with this reason logged. */
public final class RtmpProtocolException extends RuntimeException {
    public RtmpProtocolException(String message) { super(message, null, false, false); }
}
