package io.livepipe.encoder.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunk decoder fed whole, byte by byte and in random splits gives the same messages. */
class RtmpDecoderTest {
    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Handshake, then: a 300-byte video message over three 128-byte chunks interleaved with an
     * audio message on another chunk stream; type-1, type-2 and type-3 headers; an extended
     * timestamp carried on continuation chunks; a Set Chunk Size; a chunk stream id above 319. */
    static byte[] stream() {
        byte[] video = payload(300, 1);
        byte[] audio = payload(50, 2);
        byte[] audio2 = payload(50, 3);
        byte[] big = payload(5000, 4);
        ChunkWriter w = new ChunkWriter().handshake();
        w.fmt0(6, 1000, 300, RtmpMessage.VIDEO, 1).bytes(video, 0, 128);
        w.fmt0(4, 990, 50, RtmpMessage.AUDIO, 1).bytes(audio, 0, 50);
        w.basic(3, 6).bytes(video, 128, 256);
        w.fmt2(4, 23).bytes(audio2, 0, 50);
        w.basic(3, 6).bytes(video, 256, 300);
        w.basic(3, 4).bytes(audio, 0, 50);
        w.fmt1(6, 40, 10, RtmpMessage.VIDEO).bytes(video, 0, 10);
        w.fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(4096);
        w.fmt0(400, 0x1_0000_0000L - 5, 5000, RtmpMessage.VIDEO, 1).bytes(big, 0, 4096);
        w.basic(3, 400).u32(0x1_0000_0000L - 5).bytes(big, 4096, 5000);
        return w.toByteArray();
    }

    static List<RtmpMessage> decode(byte[] bytes, List<Integer> splits) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpDecoder(RtmpLimits.defaults()));
        int pos = 0;
        for (int s : splits) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, pos, s));
            pos += s;
        }
        if (pos < bytes.length) ch.writeInbound(Unpooled.wrappedBuffer(bytes, pos, bytes.length - pos));
        List<RtmpMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add((RtmpMessage) o);
        ByteBuf reply = ch.readOutbound();
        assertEquals(1 + 2 * RtmpDecoder.HANDSHAKE_SIZE, reply.readableBytes(), "S0+S1+S2");
        reply.release();
        assertFalse(ch.finish());
        return out;
    }

    static void assertExpected(List<RtmpMessage> m) {
        assertEquals(7, m.size());
        assertEquals(RtmpMessage.AUDIO, m.get(0).type());
        assertEquals(990, m.get(0).timestamp());
        assertEquals(1013, m.get(1).timestamp(), "type-2 delta");
        assertEquals(RtmpMessage.VIDEO, m.get(2).type());
        assertArrayEquals(payload(300, 1), m.get(2).bytes());
        assertEquals(1000, m.get(2).timestamp());
        assertEquals(1036, m.get(3).timestamp(), "type-3 new message repeats the last delta");
        assertEquals(1040, m.get(4).timestamp(), "type-1 delta");
        assertEquals(10, m.get(4).length());
        assertEquals(RtmpMessage.SET_CHUNK_SIZE, m.get(5).type());
        assertEquals(0x1_0000_0000L - 5, m.get(6).timestamp(), "extended timestamp");
        assertEquals(400, m.get(6).chunkStreamId());
        assertArrayEquals(payload(5000, 4), m.get(6).bytes());
    }

    @Test
    void wholeByteByByteAndRandomSplitsGiveTheSameMessages() {
        byte[] s = stream();
        assertExpected(decode(s, List.of()));
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < s.length; i++) ones.add(1);
        assertExpected(decode(s, ones));
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<Integer> splits = new ArrayList<>();
            int left = s.length;
            while (left > 0) {
                int n = Math.min(left, 1 + r.nextInt(700));
                splits.add(n);
                left -= n;
            }
            assertExpected(decode(s, splits));
        }
    }

    static Throwable failure(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpDecoder(RtmpLimits.defaults()));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes)));
        ch.finishAndReleaseAll();
        return e.getCause();
    }

    @Test
    void oversizedMessageIsRefusedBeforeAllocation() {
        byte[] b = new ChunkWriter().handshake().fmt0(3, 0, 0xffffff, RtmpMessage.VIDEO, 1).toByteArray();
        Throwable t = failure(b);
        assertTrue(t instanceof RtmpProtocolException && t.getMessage().contains("exceeds"), t.toString());
    }

    @Test
    void declaredTwoGigabyteChunkIsRefused() {
        byte[] b = new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(0x7fffffff).toByteArray();
        Throwable t = failure(b);
        assertTrue(t instanceof RtmpProtocolException && t.getMessage().contains("Set Chunk Size"), t.toString());
    }

    @Test
    void wrongVersionAndHeaderlessContinuationAreProtocolErrors() {
        assertTrue(failure(new byte[] {6, 0, 0}) instanceof RtmpProtocolException);
        byte[] b = new ChunkWriter().handshake().basic(3, 9).bytes(new byte[10], 0, 10).toByteArray();
        assertTrue(failure(b) instanceof RtmpProtocolException);
    }

    @Test
    void tooManyChunkStreamsAreRefused() {
        ChunkWriter w = new ChunkWriter().handshake();
        for (int csid = 3; csid < 3 + RtmpLimits.DEFAULT_MAX_CHUNK_STREAMS + 1; csid++) {
            w.fmt0(csid, 0, 10, RtmpMessage.VIDEO, 1).bytes(new byte[10], 0, 10);
        }
        Throwable t = failure(w.toByteArray());
        assertTrue(t.getMessage().contains("chunk streams"), t.getMessage());
    }

    @Test
    void memoryGrowsOnlyWithBytesReceived() {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        decoder.publishAccepted();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] head = new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(RtmpLimits.DEFAULT_MAX_MESSAGE)
                .fmt0(5, 0, RtmpLimits.DEFAULT_MAX_MESSAGE, RtmpMessage.VIDEO, 1).bytes(new byte[100], 0, 100).toByteArray();
        ch.writeInbound(Unpooled.wrappedBuffer(head));
        assertEquals(1, ch.inboundMessages().size(), "only the Set Chunk Size; the 8 MiB message waits for its bytes");
        assertEquals(ChunkStreams.MIN_BUFFER, decoder.bufferedBytes(), "100 bytes received, one small buffer held");
        // The announced 8 MiB arrive in growing steps: what is held follows what arrived, never what was announced.
        long received = 100;
        for (int step : new int[] {1, 900, 4_000, 30_000, 100_000, 1_000_000, 3_000_000}) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[step]));
            received += step;
            long held = decoder.bufferedBytes();
            assertTrue(held >= received, "holds what arrived: " + held + " < " + received);
            assertTrue(held <= Math.max(ChunkStreams.MIN_BUFFER, 2 * received), "at most twice what arrived (" + received + "): " + held);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void anAvcOrAacMessageKeepsItsFlvHeaderApartEvenWhenChunksCutThroughIt() {
        byte[] video = payload(1000, 9);
        System.arraycopy(new byte[] {0x17, 1, 0, 0, 40}, 0, video, 0, 5);
        byte[] audio = {(byte) 0xaf, 1, 0x21, 0x10, 0x04};
        byte[] vp6 = {0x14, 0, 1, 2};
        // chunk size 3: the video header arrives in two chunks, interleaved with the audio message's
        ChunkWriter w = new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(3);
        w.fmt0(6, 0, video.length, RtmpMessage.VIDEO, 1).bytes(video, 0, 3);
        w.fmt0(4, 0, audio.length, RtmpMessage.AUDIO, 1).bytes(audio, 0, 3);
        for (int pos = 3; pos < video.length; pos += 3) {
            w.basic(3, 6).bytes(video, pos, Math.min(video.length, pos + 3));
            if (pos == 3) w.basic(3, 4).bytes(audio, 3, 5);
        }
        w.fmt0(6, 0, vp6.length, RtmpMessage.VIDEO, 1).bytes(vp6, 0, 3).basic(3, 6).bytes(vp6, 3, 4);
        byte[] bytes = w.toByteArray();
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) ones.add(1);
        for (List<Integer> splits : List.of(List.<Integer>of(), ones)) {
            List<RtmpMessage> m = decode(bytes, splits);
            assertEquals(4, m.size());
            assertArrayEquals(java.util.Arrays.copyOf(audio, 2), m.get(1).head(), "AAC: 2 header bytes");
            assertArrayEquals(java.util.Arrays.copyOfRange(audio, 2, 5), m.get(1).payload());
            assertArrayEquals(java.util.Arrays.copyOf(video, 5), m.get(2).head(), "AVC: 5 header bytes");
            assertArrayEquals(java.util.Arrays.copyOfRange(video, 5, video.length), m.get(2).payload());
            assertArrayEquals(video, m.get(2).bytes());
            assertEquals(0, m.get(3).head().length, "another codec: one body");
            assertArrayEquals(vp6, m.get(3).payload());
        }
    }

    @Test
    void aMessageOfUpToTwiceItsFirstChunkIsBufferedAtItsLengthAtOnce() {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        decoder.publishAccepted();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] head = new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(4096)
                .fmt0(5, 0, 6000, RtmpMessage.VIDEO, 1).bytes(new byte[4096], 0, 4096).toByteArray();
        ch.writeInbound(Unpooled.wrappedBuffer(head));
        assertEquals(6000, decoder.bufferedBytes(), "4096 of 6000 bytes arrived: one buffer of the message's length");
        ch.finishAndReleaseAll();
    }

    /**
     * Handshake, then {@code streams} chunk streams each announcing {@code announced} bytes and
     * sending one chunk of {@code sent} (the chunk size).
     */
    static byte[] partialMessages(int streams, int announced, int sent) {
        ChunkWriter w = new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(sent);
        byte[] part = new byte[sent];
        for (int csid = 3; csid < 3 + streams; csid++) w.fmt0(csid, 0, announced, RtmpMessage.VIDEO, 1).bytes(part, 0, sent);
        return w.toByteArray();
    }

    /** Feeds {@code bytes} in 8 KiB pieces; returns the protocol error it ends with, having checked the held bytes after every piece. */
    static RtmpProtocolException feedUntilCut(RtmpDecoder decoder, byte[] bytes, long bound) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        try {
            for (int pos = 0; pos < bytes.length; pos += 8192) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, pos, Math.min(8192, bytes.length - pos)));
                assertTrue(decoder.bufferedBytes() <= bound, "held " + decoder.bufferedBytes() + " > " + bound);
            }
        } catch (DecoderException e) {
            assertEquals(0, decoder.bufferedBytes(), "a failed decoder lets go of its buffers");
            return (RtmpProtocolException) e.getCause();
        } finally {
            ch.finishAndReleaseAll();
        }
        throw new AssertionError("not cut; holding " + decoder.bufferedBytes() + " bytes");
    }

    @Test
    void theIssuesClientIsCutAtItsFirstHeaderBeforePublish() {
        RtmpProtocolException e = feedUntilCut(new RtmpDecoder(RtmpLimits.defaults()),
                partialMessages(63, RtmpLimits.DEFAULT_MAX_MESSAGE, 64 * 1024), RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH);
        assertTrue(e.getMessage().contains("message of 8388608 bytes exceeds the connection's 131072 before publish"), e.getMessage());
    }

    @Test
    void partialMessagesBeforePublishAreCutAtTheSmallBudget() {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        RtmpProtocolException e = feedUntilCut(decoder, partialMessages(63, 64 * 1024, 32 * 1024),
                RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH);
        assertTrue(e.getMessage().startsWith("buffer budget: partial messages would hold") && e.getMessage().endsWith("before publish"),
                e.getMessage());
    }

    @Test
    void partialMessagesOfAPublisherAreCutAtItsBudget() {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        decoder.publishAccepted();
        RtmpProtocolException e = feedUntilCut(decoder, partialMessages(63, RtmpLimits.DEFAULT_MAX_MESSAGE, 512 * 1024),
                RtmpLimits.DEFAULT_MAX_BUFFERED);
        assertTrue(e.getMessage().contains("over the connection's 16777216"), e.getMessage());
    }

    @Test
    void decodersShareTheServerWideBudget() {
        BufferBudget server = new BufferBudget(24L * 1024 * 1024);
        RtmpLimits limits = RtmpLimits.defaults().withBuffers(RtmpLimits.DEFAULT_MAX_BUFFERED, RtmpLimits.DEFAULT_MAX_BUFFERED_BEFORE_PUBLISH,
                server.limit());
        RtmpDecoder first = new RtmpDecoder(limits, server, System::nanoTime);
        RtmpDecoder second = new RtmpDecoder(limits, server, System::nanoTime);
        first.publishAccepted();
        second.publishAccepted();
        EmbeddedChannel a = new EmbeddedChannel(first);
        a.writeInbound(Unpooled.wrappedBuffer(partialMessages(24, RtmpLimits.DEFAULT_MAX_MESSAGE, 512 * 1024)));
        assertEquals(12L * 1024 * 1024, first.bufferedBytes(), "the first holds 12 MiB, within its 16");
        RtmpProtocolException e = feedUntilCut(second, partialMessages(63, RtmpLimits.DEFAULT_MAX_MESSAGE, 512 * 1024), 12L * 1024 * 1024);
        assertTrue(e.getMessage().contains("the server's 25165824 bytes"), e.getMessage());
        assertEquals(12L * 1024 * 1024, server.held(), "the second let go of what it held");
        assertTrue(server.peak() <= server.limit());
        a.finishAndReleaseAll();
        assertEquals(0, server.held(), "a closed connection lets go of what it held");
    }

    @Test
    void completeMessagesHoldNothing() {
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(stream()));
        assertEquals(7, ch.inboundMessages().size());
        assertEquals(0, decoder.bufferedBytes());
        ch.finishAndReleaseAll();
    }

    @Test
    void messageNotCompleteWithinTheDeadlineIsAProtocolError() {
        long[] now = {0};
        RtmpDecoder decoder = new RtmpDecoder(RtmpLimits.defaults(), new BufferBudget(RtmpLimits.DEFAULT_MAX_BUFFERED_TOTAL), () -> now[0]);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(new ChunkWriter().handshake().fmt0(3, 0, 300, RtmpMessage.COMMAND_AMF0, 0)
                .bytes(new byte[128], 0, 128).toByteArray()));
        now[0] += RtmpLimits.DEFAULT_MESSAGE_TIMEOUT.toNanos();
        decoder.checkDeadlines();
        ch.writeInbound(Unpooled.wrappedBuffer(new ChunkWriter().fmt0(4, 0, 1, RtmpMessage.AUDIO, 1).bytes(new byte[1], 0, 1).toByteArray()));
        assertEquals(1, ch.inboundMessages().size(), "other chunk streams go on meanwhile");
        now[0] += 1_000_000;
        RtmpProtocolException e = assertThrows(RtmpProtocolException.class, decoder::checkDeadlines);
        assertEquals("message on chunk stream 3 not complete within PT10S (128 of 300 bytes)", e.getMessage());
        assertEquals(0, decoder.bufferedBytes());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[172]));
        assertEquals(1, ch.inboundMessages().size(), "nothing is parsed after the failure");
        ch.finishAndReleaseAll();
    }
}
