package io.livepipe.encoder.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes our messages as chunks: a type-0 header on the first chunk and type-3 headers on the
 * rest, split at the outgoing chunk size (which we raise with Set Chunk Size after connect).
 */
public final class RtmpChunkWriter extends MessageToByteEncoder<RtmpMessage> {
    private int chunkSize = RtmpDecoder.DEFAULT_CHUNK_SIZE;

    public RtmpChunkWriter() { super(RtmpMessage.class); }

    /** Takes effect for messages written after the Set Chunk Size that announced it. */
    void chunkSize(int size) { this.chunkSize = size; }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage m, ByteBuf out) {
        byte[] p = m.payload();
        boolean extended = m.timestamp() >= 0xffffff;
        int csid = m.chunkStreamId();
        writeBasic(out, 0, csid);
        out.writeMedium(extended ? 0xffffff : (int) m.timestamp());
        out.writeMedium(p.length);
        out.writeByte(m.type());
        out.writeIntLE(m.streamId());
        if (extended) out.writeInt((int) m.timestamp());
        int pos = 0;
        while (true) {
            int n = Math.min(chunkSize, p.length - pos);
            out.writeBytes(p, pos, n);
            pos += n;
            if (pos >= p.length) break;
            writeBasic(out, 3, csid);
            if (extended) out.writeInt((int) m.timestamp());
        }
    }

    private static void writeBasic(ByteBuf out, int fmt, int csid) {
        if (csid < 64) {
            out.writeByte((fmt << 6) | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6);
            out.writeByte(csid - 64);
        } else {
            out.writeByte((fmt << 6) | 1);
            out.writeByte((csid - 64) & 0xff);
            out.writeByte((csid - 64) >> 8);
        }
    }
}
