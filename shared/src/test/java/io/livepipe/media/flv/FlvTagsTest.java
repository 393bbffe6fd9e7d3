package io.livepipe.media.flv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.TrackType;
import org.junit.jupiter.api.Test;

class FlvTagsTest {
    @Test
    void avcNaluTagCarriesSignedCompositionTimeAndKeyframeFlag() {
        byte[] body = {0x17, 1, (byte) 0xff, (byte) 0xff, (byte) 0xd8, 0, 0, 0, 1, 0x65};
        FlvTag.Sample s = assertInstanceOf(FlvTag.Sample.class, FlvTags.video(1000, body));
        assertEquals(-40, s.sample().compositionOffset());
        assertTrue(s.sample().keyframe());
        assertEquals(1000, s.sample().decodeTime());
        FlvTag.Sample inter = assertInstanceOf(FlvTag.Sample.class, FlvTags.video(1040, new byte[] {0x27, 1, 0, 0, 80, 0, 0, 0, 1, 0x41}));
        assertEquals(80, inter.sample().compositionOffset());
        assertTrue(!inter.sample().keyframe());
    }

    @Test
    void otherCodecsAreNamedForTheRefusal() {
        assertEquals("VP6", ((FlvTag.Unsupported) FlvTags.video(0, new byte[] {0x14, 0})).codec());
        assertEquals("MP3", ((FlvTag.Unsupported) FlvTags.audio(0, new byte[] {0x2f, 0})).codec());
        FlvTag.Unsupported hevc = (FlvTag.Unsupported) FlvTags.video(0, new byte[] {(byte) 0x90, 'h', 'v', 'c', '1'});
        assertEquals("hvc1", hevc.codec());
        assertEquals(TrackType.VIDEO, hevc.type());
    }

    @Test
    void nalLengthsThatOverrunTheTagAreRefused() {
        assertThrows(FlvException.class, () -> FlvTags.video(0, new byte[] {0x17, 1, 0, 0, 0, 0, 0, 0, 9, 0x65}));
        assertThrows(FlvException.class, () -> FlvTags.video(0, new byte[] {0x17, 0, 0, 0, 0, 2}));
        assertThrows(FlvException.class, () -> FlvTags.audio(0, new byte[] {(byte) 0xaf}));
    }

    @Test
    void anEmptyAvcSequenceHeaderIsNothingAndAnnexBFramesArePassedOnAsSuch() {
        assertInstanceOf(FlvTag.Nothing.class, FlvTags.video(0, new byte[] {0x17, 0, 0, 0, 0}), "FFmpeg without global headers");
        byte[] annexB = {0x17, 1, 0, 0, 0, 0, 0, 0, 1, 0x67, 0x64, 0, 0x1e, (byte) 0xac, 0, 0, 0, 1, 0x68, (byte) 0xee, 0, 0, 1, 0x65, (byte) 0x88};
        FlvTag.AnnexBVideo a = assertInstanceOf(FlvTag.AnnexBVideo.class, FlvTags.video(40, annexB));
        assertTrue(a.keyframe());
        assertEquals(40, a.timestampMs());
        assertEquals(annexB.length - 5, a.payload().length);
        assertThrows(FlvException.class, () -> FlvTags.video(0, new byte[] {0x17, 1, 0, 0, 0, 0, 0, 2, 1, 0x65}),
                "lengths that do not fit and no start code: refused");
    }

    @Test
    void aBodyInTwoPartsIsReadAsTheWholeAndItsSampleKeepsThePayloadArray() {
        byte[] body = {0x17, 1, 0, 0, 40, 0, 0, 0, 1, 0x65};
        assertEquals(5, FlvTags.headerLength(true, body[0]));
        byte[] payload = java.util.Arrays.copyOfRange(body, 5, body.length);
        FlvTag.Sample split = assertInstanceOf(FlvTag.Sample.class, FlvTags.video(80, java.util.Arrays.copyOf(body, 5), payload));
        FlvTag.Sample whole = assertInstanceOf(FlvTag.Sample.class, FlvTags.video(80, body));
        assertSame(payload, split.sample().data(), "no copy of the payload");
        assertArrayEquals(whole.sample().data(), split.sample().data());
        assertEquals(whole.sample().compositionOffset(), split.sample().compositionOffset());
        assertEquals(whole.sample().keyframe(), split.sample().keyframe());

        byte[] aac = {(byte) 0xaf, 1, 0x21, 0x10};
        assertEquals(2, FlvTags.headerLength(false, aac[0]));
        byte[] frame = {0x21, 0x10};
        assertSame(frame, ((FlvTag.Sample) FlvTags.audio(0, new byte[] {(byte) 0xaf, 1}, frame)).sample().data());
        assertArrayEquals(frame, ((FlvTag.Sample) FlvTags.audio(0, aac)).sample().data());

        assertEquals(0, FlvTags.headerLength(true, 0x14), "VP6: whole");
        assertEquals(0, FlvTags.headerLength(true, 0x57), "video info frame: whole");
        assertEquals(0, FlvTags.headerLength(true, 0x90), "Enhanced RTMP: whole");
        assertEquals(0, FlvTags.headerLength(false, 0x2f), "MP3: whole");
        assertEquals("VP6", ((FlvTag.Unsupported) FlvTags.video(0, new byte[0], new byte[] {0x14, 0})).codec(), "an empty header: the whole body");
        assertThrows(IllegalArgumentException.class, () -> FlvTags.video(0, new byte[] {0x17, 1}, new byte[4]), "a header of the wrong length");
    }
}
