package io.livepipe.events.media;

/** The Media Services live event types livepipe emits, with the retired service's names. */
public final class MediaEventTypes {
    private static final String P = "Microsoft.Media.LiveEvent";
    public static final String CONNECTION_REJECTED = P + "ConnectionRejected";
    public static final String ENCODER_CONNECTED = P + "EncoderConnected";
    public static final String ENCODER_DISCONNECTED = P + "EncoderDisconnected";
    public static final String INCOMING_STREAM_RECEIVED = P + "IncomingStreamReceived";
    public static final String INGEST_HEARTBEAT = P + "IngestHeartbeat";
    public static final String TRACK_DISCONTINUITY_DETECTED = P + "TrackDiscontinuityDetected";
    public static final String INCOMING_STREAMS_OUT_OF_SYNC = P + "IncomingStreamsOutOfSync";
    public static final String INCOMING_VIDEO_STREAMS_OUT_OF_SYNC = P + "IncomingVideoStreamsOutOfSync";
    public static final String INCOMING_DATA_CHUNK_DROPPED = P + "IncomingDataChunkDropped";
    public static final String CHANNEL_ARCHIVE_HEARTBEAT = P + "ChannelArchiveHeartbeat";

    private MediaEventTypes() { }

    /** {@code liveEvent/{channel}}, the subject the retired service used. */
    public static String subject(String channel) { return "liveEvent/" + channel; }
}
