package io.livepipe.encoder.rtmp;

/**
 * One RTMP message, reassembled from its chunks: chunk stream, message type, stream id,
 * timestamp (milliseconds, 32-bit, as the peer sent it) and payload.
 */
public record RtmpMessage(int chunkStreamId, int type, long timestamp, int streamId, byte[] payload) {
    public static final int SET_CHUNK_SIZE = 1, ABORT = 2, ACK = 3, USER_CONTROL = 4, WINDOW_ACK_SIZE = 5,
            SET_PEER_BANDWIDTH = 6, AUDIO = 8, VIDEO = 9, DATA_AMF3 = 15, COMMAND_AMF3 = 17, DATA_AMF0 = 18,
            COMMAND_AMF0 = 20, AGGREGATE = 22;
}
