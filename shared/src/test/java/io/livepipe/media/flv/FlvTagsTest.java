package io.livepipe.media.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
}
