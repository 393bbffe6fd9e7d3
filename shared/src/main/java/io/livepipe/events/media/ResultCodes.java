package io.livepipe.events.media;

/**
 * The {@code resultCode} values livepipe uses, with the retired service's names where one fits.
 */
public final class ResultCodes {
    /** Graceful end: the encoder unpublished (deleteStream / FCUnpublish). */
    public static final String S_OK = "S_OK";
    /** Unknown or wrong stream key. */
    public static final String APPID_AUTH_FAILURE = "MPE_RTMP_APPID_AUTH_FAILURE";
    /** The channel exists but is not running. */
    public static final String CHANNEL_NOT_RUNNING = "MPE_INGEST_CHANNEL_NOT_RUNNING";
    /** The encoder's address is outside the channel's ingest allow-list. */
    public static final String CONNECTION_DENIED = "MPE_INGEST_ENCODER_CONNECTION_DENIED";
    /** Another encoder is already publishing to the channel. */
    public static final String ALREADY_PUBLISHING = "MPE_INGEST_RTMP_ALREADY_PUBLISHING";
    /** A codec other than H.264 video or AAC audio. */
    public static final String CODEC_NOT_SUPPORTED = "MPE_INGEST_CODEC_NOT_SUPPORTED";
    /** Media arrived before its sequence header (no decoder configuration). */
    public static final String DESCRIPTION_INFO_NOT_RECEIVED = "MPE_INGEST_DESCRIPTION_INFO_NOT_RECEIVED";
    /** The TCP connection closed without an unpublish. */
    public static final String CLIENT_TERMINATED_SESSION = "MPE_CLIENT_TERMINATED_SESSION";
    /** No media for the idle timeout. */
    public static final String SESSION_IDLE_TIMEOUT = "MPE_RTMP_SESSION_IDLE_TIMEOUT";
    /** An FLV tag whose timestamp went backwards beyond tolerance. */
    public static final String FLV_TAG_TIMESTAMP_INVALID = "MPE_RTMP_FLV_TAG_TIMESTAMP_INVALID";
    /** The ingest URL is not /live/{key} or /live/{key}/{name}. */
    public static final String BAD_URL_SYNTAX = "MPE_BAD_URL_SYNTAX";
    /** The peer broke the RTMP protocol (malformed chunk, AMF or FLV, a limit exceeded, a flood). */
    public static final String PROTOCOL_ERROR = "MPE_RTMP_PROTOCOL_VIOLATION";
    /**
     * livepipe's own code: pushed fragmented MP4 (HTTP push ingest) was malformed or truncated —
     * a box whose size lies, a sample outside its mdat, a body that ended inside a box.
     */
    public static final String FRAGMENT_MALFORMED = "MPE_INGEST_FRAGMENT_MALFORMED";
    /**
     * livepipe's own: an SRT (MPEG-TS) publisher's transport stream was refused by the demuxer
     * (lost sync, a malformed table or PES, a PES over the size limit); the retired service had no SRT.
     */
    public static final String MALFORMED_TS = "MPE_INGEST_MPEGTS_MALFORMED";
    /** The ingest gate could not decide (storage unavailable); the encoder should retry. */
    public static final String SERVICE_UNAVAILABLE = "MPE_INGEST_SERVICE_UNAVAILABLE";
    /**
     * The encoder was cut because it sent more than the channel could store for longer than the
     * ingest stall timeout (its socket was no longer read and the channel's stage stayed full).
     */
    public static final String BITRATE_AGGREGATED_EXCEEDED = "MPE_INGEST_BITRATE_AGGREGATED_EXCEEDED";
    /** Disconnected because the channel was stopped through the API. */
    public static final String CHANNEL_STOP = "MPI_REST_API_CHANNEL_STOP";
    /** Disconnected because the channel was reset through the API. */
    public static final String CHANNEL_RESET = "MPI_REST_API_CHANNEL_RESET";

    private ResultCodes() { }
}
