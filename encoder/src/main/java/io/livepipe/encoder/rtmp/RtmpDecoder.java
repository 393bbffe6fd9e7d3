package io.livepipe.encoder.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server side of the RTMP byte stream (Adobe RTMP specification 1.0, section 5.2 handshake,
 * 5.3 chunking, 5.4.1 protocol control): an explicit state machine — C0+C1, then C2, then
 * chunks — over bytes that may arrive split anywhere. It answers the handshake (simple form:
 * S1's version field is zero, so clients skip digest validation), reassembles messages from
 * interleaved chunk streams with all four header formats and extended timestamps, and applies
 * Set Chunk Size and Abort itself. Every declared length is checked against {@link RtmpLimits}
 * before any buffer grows; buffers grow only with bytes actually received.
 */
public final class RtmpDecoder extends ByteToMessageDecoder {
    static final int HANDSHAKE_SIZE = 1536;
    static final int RTMP_VERSION = 3;
    static final int DEFAULT_CHUNK_SIZE = 128;
    /** Messages per second beyond which a peer is flooding. */
    static final int MAX_MESSAGES_PER_SECOND = 20_000;

    enum State { C0C1, C2, CHUNKS, FAILED }

    /** Per chunk stream: the last header's fields and the message being reassembled. */
    private static final class ChunkStream {
        long timestamp;
        long delta;
        int length;
        int type;
        int streamId;
        boolean extended;
        byte[] buffer;
        int filled;
        boolean inProgress;
    }

    private final RtmpLimits limits;
    private State state = State.C0C1;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private final ChunkStream[] streams;
    private final int[] streamIds;
    private int streamCount;
    private long bytesReceived;
    private long windowStartNanos = System.nanoTime();
    private long windowBytes;
    private int windowMessages;

    public RtmpDecoder(RtmpLimits limits) {
        this.limits = limits;
        this.streams = new ChunkStream[limits.maxChunkStreams()];
        this.streamIds = new int[limits.maxChunkStreams()];
    }

    public boolean handshakeDone() { return state == State.CHUNKS; }

    /** Bytes read from the peer so far, for acknowledgements. */
    public long bytesReceived() { return bytesReceived; }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (true) {
                int before = in.readerIndex();
                boolean progressed = switch (state) {
                    case C0C1 -> readC0C1(ctx, in);
                    case C2 -> readC2(in);
                    case CHUNKS -> readChunk(in, out);
                    case FAILED -> false;
                };
                int consumed = in.readerIndex() - before;
                bytesReceived += consumed;
                meter(consumed);
                if (!progressed) return;
            }
        } catch (RtmpProtocolException e) {
            // The connection is being closed: what follows the error is never parsed.
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void meter(int bytes) {
        long now = System.nanoTime();
        if (now - windowStartNanos > 1_000_000_000L) {
            windowStartNanos = now;
            windowBytes = 0;
            windowMessages = 0;
        }
        windowBytes += bytes;
        if (windowBytes > limits.maxBytesPerSecond()) throw new RtmpProtocolException("flood: more than " + limits.maxBytesPerSecond() + " bytes in one second");
    }

    private boolean readC0C1(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 1) return false;
        int version = in.getUnsignedByte(in.readerIndex());
        if (version != RTMP_VERSION) throw new RtmpProtocolException("handshake: version " + version + ", expected 3");
        if (in.readableBytes() < 1 + HANDSHAKE_SIZE) return false;
        in.skipBytes(1);
        byte[] c1 = new byte[HANDSHAKE_SIZE];
        in.readBytes(c1);
        ByteBuf reply = Unpooled.buffer(1 + 2 * HANDSHAKE_SIZE);
        reply.writeByte(RTMP_VERSION);
        byte[] s1 = new byte[HANDSHAKE_SIZE];
        ThreadLocalRandom.current().nextBytes(s1);
        Arrays.fill(s1, 0, 8, (byte) 0);
        reply.writeBytes(s1);
        reply.writeBytes(c1);
        ctx.writeAndFlush(reply);
        state = State.C2;
        return true;
    }

    private boolean readC2(ByteBuf in) {
        if (in.readableBytes() < HANDSHAKE_SIZE) return false;
        in.skipBytes(HANDSHAKE_SIZE);
        state = State.CHUNKS;
        return true;
    }

    private ChunkStream stream(int csid) {
        for (int i = 0; i < streamCount; i++) {
            if (streamIds[i] == csid) return streams[i];
        }
        if (streamCount == streams.length) throw new RtmpProtocolException("more than " + streams.length + " chunk streams");
        streamIds[streamCount] = csid;
        ChunkStream s = new ChunkStream();
        streams[streamCount++] = s;
        return s;
    }

    /** Reads one whole chunk if it has arrived, else leaves the bytes for later. */
    private boolean readChunk(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 1) return false;
        int b0 = in.getUnsignedByte(start);
        int fmt = b0 >> 6;
        int csid = b0 & 0x3f;
        int pos = 1;
        if (csid == 0) {
            if (readable < 2) return false;
            csid = 64 + in.getUnsignedByte(start + 1);
            pos = 2;
        } else if (csid == 1) {
            if (readable < 3) return false;
            csid = 64 + in.getUnsignedByte(start + 1) + 256 * in.getUnsignedByte(start + 2);
            pos = 3;
        }
        int headerLength = switch (fmt) { case 0 -> 11; case 1 -> 7; case 2 -> 3; default -> 0; };
        if (readable < pos + headerLength) return false;
        ChunkStream s = stream(csid);
        if (fmt == 3 && !s.inProgress && s.length == 0 && s.type == 0) {
            throw new RtmpProtocolException("type-3 chunk on chunk stream " + csid + " with no previous header");
        }
        int h = start + pos;
        long ts = fmt < 3 ? in.getUnsignedMedium(h) : 0;
        int length = s.length;
        int type = s.type;
        int streamId = s.streamId;
        if (fmt <= 1) {
            length = in.getUnsignedMedium(h + 3);
            type = in.getUnsignedByte(h + 6);
            if (length > limits.maxMessageLength()) {
                throw new RtmpProtocolException("message of " + length + " bytes exceeds " + limits.maxMessageLength());
            }
        }
        if (fmt == 0) streamId = in.getIntLE(h + 7);
        pos += headerLength;
        boolean extended = fmt < 3 ? ts == 0xffffff : s.extended;
        if (extended) {
            if (readable < pos + 4) return false;
            long ext = in.getUnsignedInt(start + pos);
            pos += 4;
            if (fmt < 3) ts = ext;
        }
        if (fmt < 3 && s.inProgress) throw new RtmpProtocolException("new header on chunk stream " + csid + " before its message ended");
        int remainingOfMessage = s.inProgress ? s.length - s.filled : length;
        int payload = Math.min(chunkSize, remainingOfMessage);
        if (readable < pos + payload) return false;

        // The whole chunk is here: commit the header to the stream's state.
        in.skipBytes(pos);
        if (!s.inProgress) {
            switch (fmt) {
                case 0 -> { s.timestamp = ts; s.delta = 0; }
                case 1, 2 -> { s.delta = ts; s.timestamp = (s.timestamp + ts) & 0xffffffffL; }
                default -> s.timestamp = (s.timestamp + s.delta) & 0xffffffffL;
            }
            s.length = length;
            s.type = type;
            s.streamId = streamId;
            s.extended = extended;
            s.filled = 0;
            s.inProgress = true;
            if (s.buffer == null || s.buffer.length < Math.min(length, 64 * 1024)) s.buffer = new byte[Math.min(length, 64 * 1024)];
        }
        if (s.filled + payload > s.buffer.length) {
            s.buffer = Arrays.copyOf(s.buffer, Math.min(s.length, Math.max(s.buffer.length * 2, s.filled + payload)));
        }
        in.readBytes(s.buffer, s.filled, payload);
        s.filled += payload;
        if (s.filled == s.length) {
            s.inProgress = false;
            byte[] body = Arrays.copyOf(s.buffer, s.length);
            if (s.buffer.length > 256 * 1024) s.buffer = null;
            if (++windowMessages > MAX_MESSAGES_PER_SECOND) throw new RtmpProtocolException("flood: more than " + MAX_MESSAGES_PER_SECOND + " messages in one second");
            RtmpMessage m = new RtmpMessage(csid, s.type, s.timestamp, s.streamId, body);
            control(m);
            out.add(m);
        }
        return true;
    }

    /** Set Chunk Size and Abort change how the following chunks are read. */
    private void control(RtmpMessage m) {
        if (m.type() == RtmpMessage.SET_CHUNK_SIZE) {
            if (m.payload().length < 4) throw new RtmpProtocolException("Set Chunk Size shorter than 4 bytes");
            long size = ((long) (m.payload()[0] & 0x7f) << 24) | ((m.payload()[1] & 0xff) << 16)
                    | ((m.payload()[2] & 0xff) << 8) | (m.payload()[3] & 0xff);
            if (size < 1 || size > limits.maxMessageLength()) {
                throw new RtmpProtocolException("Set Chunk Size of " + size + " outside 1.." + limits.maxMessageLength());
            }
            chunkSize = (int) Math.min(size, Integer.MAX_VALUE);
        } else if (m.type() == RtmpMessage.ABORT && m.payload().length >= 4) {
            int csid = ((m.payload()[0] & 0xff) << 24) | ((m.payload()[1] & 0xff) << 16) | ((m.payload()[2] & 0xff) << 8) | (m.payload()[3] & 0xff);
            for (int i = 0; i < streamCount; i++) {
                if (streamIds[i] == csid) {
                    streams[i].inProgress = false;
                    streams[i].filled = 0;
                }
            }
        }
    }

    int chunkSize() { return chunkSize; }
}
