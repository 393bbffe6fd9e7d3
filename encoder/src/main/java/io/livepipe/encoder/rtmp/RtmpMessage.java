package io.livepipe.encoder.rtmp;

import java.util.Arrays;

/**
 * One RTMP message, reassembled from its chunks: chunk stream, message type, stream id,
 * timestamp (milliseconds, 32-bit, as the peer sent it) and its bytes, {@code head} then
 * {@code payload}. The decoder keeps an audio or video message's FLV tag header in {@code head}
 * ({@link io.livepipe.media.flv.FlvTags#headerLength}) so that {@code payload} is a sample's data
 * as received; every other message, and every message we write, has an empty head.
 */
public record RtmpMessage(int chunkStreamId, int type, long timestamp, int streamId, byte[] head, byte[] payload) {
    public static final int SET_CHUNK_SIZE = 1, ABORT = 2, ACK = 3, USER_CONTROL = 4, WINDOW_ACK_SIZE = 5,
            SET_PEER_BANDWIDTH = 6, AUDIO = 8, VIDEO = 9, DATA_AMF3 = 15, COMMAND_AMF3 = 17, DATA_AMF0 = 18,
            COMMAND_AMF0 = 20, AGGREGATE = 22;

    /** A message whose bytes are all {@code payload}. */
    public RtmpMessage(int chunkStreamId, int type, long timestamp, int streamId, byte[] payload) {
        this(chunkStreamId, type, timestamp, streamId, ChunkStream.EMPTY, payload);
    }

    /** The message's length in bytes. */
    public int length() { return head.length + payload.length; }

    /** The message's bytes as sent: {@code head} then {@code payload} (a new array when the head is not empty). */
    public byte[] bytes() {
        if (head.length == 0) return payload;
        byte[] b = Arrays.copyOf(head, length());
        System.arraycopy(payload, 0, b, head.length, payload.length);
        return b;
    }
}
