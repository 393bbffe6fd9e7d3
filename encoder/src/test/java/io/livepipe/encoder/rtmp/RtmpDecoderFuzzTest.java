package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * Arbitrary bytes after a valid handshake: messages within the limits, or a protocol error;
 * never another exception, never a message over the limit.
 */
class RtmpDecoderFuzzTest {
    static final byte[] HANDSHAKE = new ChunkWriter().handshake().toByteArray();

    @FuzzTest(maxDuration = "20s")
    void decodeOnlyFailsWithProtocolErrors(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpDecoder(RtmpLimits.defaults()));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE));
            int mid = data.length / 2;
            ch.writeInbound(Unpooled.wrappedBuffer(data, 0, mid));
            ch.writeInbound(Unpooled.wrappedBuffer(data, mid, data.length - mid));
            for (Object o; (o = ch.readInbound()) != null; ) {
                assertTrue(((RtmpMessage) o).payload().length <= RtmpLimits.DEFAULT_MAX_MESSAGE);
            }
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof RtmpProtocolException)) throw e;
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
