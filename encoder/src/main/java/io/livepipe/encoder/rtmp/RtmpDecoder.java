package io.livepipe.encoder.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The server side of the RTMP byte stream (Adobe RTMP specification 1.0, section 5.2 handshake,
 * 5.3 chunking, 5.4.1 protocol control): an explicit state machine — C0+C1, then C2, then
 * chunks — over bytes that may arrive split anywhere. It answers the handshake (simple form:
 * S1's version field is zero, so clients skip digest validation), reassembles messages from
 * interleaved chunk streams with all four header formats and extended timestamps, and applies
 * Set Chunk Size and Abort itself. Every declared length is checked against {@link RtmpLimits}
 * before any buffer grows; buffers grow only with bytes actually received (a chunk's payload is
 * taken as it arrives, so nothing waits whole in the socket's cumulation buffer). The chunk
 * streams, what their partial messages hold against the connection's and the server's budgets,
 * and their deadlines are {@link ChunkStreams}'; a message still incomplete {@code messageTimeout}
 * after its first header is a protocol error ({@link #checkDeadlines()}). An audio or video
 * message's FLV tag header is kept apart from the rest ({@link ChunkStream}), which a sample then
 * takes as its data without a copy.
 */
public final class RtmpDecoder extends ByteToMessageDecoder {
    static final int HANDSHAKE_SIZE = 1536;
    static final int RTMP_VERSION = 3;
    static final int DEFAULT_CHUNK_SIZE = 128;

    /** HEADER: at a chunk's basic header; PAYLOAD: inside the payload of {@link #current}. */
    enum State { C0C1, C2, HEADER, PAYLOAD, FAILED }

    private final RtmpLimits limits;
    private final LongSupplier nanos;
    private final ChunkStreams streams;
    private State state = State.C0C1;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private ChunkStream current;
    private int chunkLeft;
    private long bytesReceived;
    private long windowStartNanos;
    private long windowBytes;
    private int windowMessages;
    /** The clock when the current read from the socket began to be decoded. */
    private long readNanos;

    /** A decoder with a budget of its own (as if alone on a server), on the system's clock. */
    public RtmpDecoder(RtmpLimits limits) {
        this(limits, new BufferBudget(limits.maxBufferedBytesTotal()), System::nanoTime);
    }

    RtmpDecoder(RtmpLimits limits, BufferBudget server, LongSupplier nanos) {
        this.limits = limits;
        this.nanos = nanos;
        this.streams = new ChunkStreams(limits, server);
        this.windowStartNanos = nanos.getAsLong();
    }

    public boolean handshakeDone() { return state.compareTo(State.HEADER) >= 0 && state != State.FAILED; }

    /** Bytes read from the peer so far, for acknowledgements. */
    public long bytesReceived() { return bytesReceived; }

    /** Bytes the buffers of partial messages hold now. */
    long bufferedBytes() { return streams.buffered(); }

    /** The gate accepted this connection's publish: from now on its budget is the publisher's. */
    void publishAccepted() { streams.publishAccepted(); }

    /** Reading stops (the channel's stage is full) or resumes: see {@link ChunkStreams#readingPaused}. */
    void readingPaused(boolean paused) { streams.readingPaused(paused, nanos.getAsLong()); }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        // One clock read per read from the socket: the meter, the deadlines and new messages' start times use it.
        readNanos = nanos.getAsLong();
        try {
            checkDeadlines(readNanos);
            while (true) {
                int before = in.readerIndex();
                boolean progressed = switch (state) {
                    case C0C1 -> readC0C1(ctx, in);
                    case C2 -> readC2(in);
                    case HEADER -> readHeader(in);
                    case PAYLOAD -> readPayload(in, out);
                    case FAILED -> false;
                };
                int consumed = in.readerIndex() - before;
                bytesReceived += consumed;
                meter(consumed);
                if (!progressed) return;
            }
        } catch (RtmpProtocolException e) {
            // The connection is being closed: what follows the error is never parsed.
            fail();
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Fails with a protocol error if a message started more than {@code messageTimeout} ago and is not complete. */
    void checkDeadlines() {
        checkDeadlines(nanos.getAsLong());
    }

    private void checkDeadlines(long now) {
        if (state == State.FAILED) return;
        ChunkStream s = streams.overdue(now);
        if (s != null) {
            fail();
            throw new RtmpProtocolException("message on chunk stream " + s.csid + " not complete within " + limits.messageTimeout()
                    + " (" + s.filled() + " of " + s.length + " bytes)");
        }
    }

    /**
     * How long until the earliest message in progress runs out of time, so that a connection's
     * deadline check wakes once per deadline, not periodically ({@link ChunkStreams#nanosToNextDeadline}).
     */
    long nanosToNextDeadline() {
        return state == State.FAILED ? limits.messageTimeout().toNanos() : streams.nanosToNextDeadline(nanos.getAsLong());
    }

    private void fail() {
        state = State.FAILED;
        streams.releaseAll();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        streams.releaseAll();
    }

    private void meter(int bytes) {
        long now = readNanos;
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
        state = State.HEADER;
        return true;
    }

    /** Reads one chunk header if it has arrived whole, else leaves its bytes for later. */
    private boolean readHeader(ByteBuf in) {
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
        ChunkStream s = streams.stream(csid);
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
        if (!s.inProgress && length > streams.budget()) {
            throw new RtmpProtocolException("buffer budget: a message of " + length + " bytes exceeds the connection's "
                    + streams.budget() + (streams.published() ? "" : " before publish"));
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

        // The whole header is here: commit it to the stream's state.
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
            s.begin(readNanos);
        }
        current = s;
        chunkLeft = Math.min(chunkSize, s.length - s.filled());
        state = State.PAYLOAD;
        return true;
    }

    /** Takes what has arrived of the current chunk's payload; at its end, the message if it is complete. */
    private boolean readPayload(ByteBuf in, List<Object> out) {
        ChunkStream s = current;
        int n = Math.min(chunkLeft, in.readableBytes());
        if (n == 0 && chunkLeft > 0) return false;
        if (n > 0) {
            if (s.filled() == 0) s.split(in.getUnsignedByte(in.readerIndex()));
            int body = n - s.takeHead(in, n);
            if (body > 0) {
                streams.reserve(s, s.bodyFilled() + body);
                s.takeBody(in, body);
            }
            chunkLeft -= n;
            if (chunkLeft > 0) return true;
        }
        state = State.HEADER;
        current = null;
        if (s.complete()) complete(s, out);
        return true;
    }

    private void complete(ChunkStream s, List<Object> out) {
        RtmpMessage m = s.message();
        streams.release(s);
        s.end();
        if (++windowMessages > RtmpLimits.MAX_MESSAGES_PER_SECOND) {
            throw new RtmpProtocolException("flood: more than " + RtmpLimits.MAX_MESSAGES_PER_SECOND + " messages in one second");
        }
        control(m);
        out.add(m);
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
            streams.abort(((m.payload()[0] & 0xff) << 24) | ((m.payload()[1] & 0xff) << 16) | ((m.payload()[2] & 0xff) << 8) | (m.payload()[3] & 0xff));
        }
    }

    int chunkSize() { return chunkSize; }
}
