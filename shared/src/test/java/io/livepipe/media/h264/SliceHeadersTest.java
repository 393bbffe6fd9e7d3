package io.livepipe.media.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.MalformedMediaException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Slice header sizes and the one SPS parser, on x264's High-profile 1280x720 parameter sets. */
class SliceHeadersTest {
    /** An avcC from x264 (High 3.1, 1280x720, CABAC), as CmafEncryptionTest and the cenc benchmark use. */
    static final byte[] AVCC = HexFormat.of().parseHex(
            "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");

    @Test
    void theSpsGivesSizeAndLayoutAndEmulationPreventionIsSkipped() {
        AvcConfig c = AvcConfig.parse(AVCC);
        assertEquals(1280, c.width());
        assertEquals(720, c.height());
        byte[] sps = c.sps().get(0);
        Sps s = Sps.parse(sps, 0, sps.length);
        assertEquals(100, s.profile());
        assertEquals(0, s.id());
        assertTrue(s.frameMbsOnly());
    }

    @Test
    void sliceTypesFiveToNineAreTheSameTypesAndAboveNineIsRefused() {
        SliceHeaders h = SliceHeaders.of(AvcConfig.parse(AVCC));
        // IDR, first_mb 0 ('1'), slice_type 2 ('011'), pps 0 ('1'): the header the cenc tests use.
        byte[] i = {0x65, (byte) 0b10111000, (byte) 0b10000100, 0x01, (byte) 0xff, (byte) 0xff};
        // The same with slice_type 7 ('0001000'), which is 2 again for every slice of the picture.
        byte[] seven = {0x65, (byte) 0b10001000, (byte) 0b11000010, 0x00, (byte) 0x80, (byte) 0xff, (byte) 0xff};
        assertTrue(h.headerSize(i, 0, i.length) > 1);
        assertTrue(h.headerSize(seven, 0, seven.length) > 1);
        // slice_type 10 ('0001011') is outside table 7-6.
        byte[] ten = {0x65, (byte) 0b10001011, (byte) 0b10000000, 0x00, (byte) 0xff};
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> h.headerSize(ten, 0, ten.length));
        assertEquals("slice_type 10 out of range", e.getMessage());
    }

    @Test
    void truncatedParameterSetsAreRefusedWithWhereTheyEnded() {
        byte[] sps = AvcConfig.parse(AVCC).sps().get(0);
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> Sps.parse(sps, 0, 6));
        assertTrue(e.getMessage().startsWith("NAL unit truncated at byte"), e.getMessage());
    }
}
