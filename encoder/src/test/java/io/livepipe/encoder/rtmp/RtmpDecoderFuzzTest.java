package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * Arbitrary bytes after a valid handshake: messages within the limits, or a protocol error;
 * never another exception, never a message over the limit, never more held than the budget.
 */
class RtmpDecoderFuzzTest {
    static final byte[] HANDSHAKE = new ChunkWriter().handshake().toByteArray();

    @FuzzTest(maxDuration = "20s")
    void decodeOnlyFailsWithProtocolErrors(byte[] data) {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        // The first byte decides whether the connection counts as published (the larger budget).
        boolean published = data.length > 0 && (data[0] & 1) == 1;
        if (published) decoder.publishAccepted();
        long budget = RtmpLimits.defaults().bufferBudget(published);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(HANDSHAKE));
            int mid = data.length / 2;
            ch.writeInbound(Unpooled.wrappedBuffer(data, 0, mid));
            assertTrue(decoder.bufferedBytes() <= budget, "held " + decoder.bufferedBytes());
            ch.writeInbound(Unpooled.wrappedBuffer(data, mid, data.length - mid));
            assertTrue(decoder.bufferedBytes() <= budget, "held " + decoder.bufferedBytes());
            for (Object o; (o = ch.readInbound()) != null; ) {
                assertTrue(((RtmpMessage) o).length() <= RtmpLimits.DEFAULT_MAX_MESSAGE);
            }
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof RtmpProtocolException)) throw e;
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
