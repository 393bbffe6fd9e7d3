package io.livepipe.encoder.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stream id forms a caller may use, and the reject reasons of the ones it may not. */
class SrtStreamIdTest {
    @Test
    void plainFormsNameTheKeyAStreamNameAndTheInput() throws Exception {
        assertEquals(new SrtStreamId("KEY", null, false), SrtStreamId.parse("KEY"));
        assertEquals(new SrtStreamId("KEY", "cam1", false), SrtStreamId.parse("KEY/cam1"));
        assertEquals(new SrtStreamId("KEY", null, false), SrtStreamId.parse("live/KEY"));
        assertEquals(new SrtStreamId("KEY", "cam1", true), SrtStreamId.parse("backup/KEY/cam1"));
    }

    @Test
    void accessControlSyntaxTakesTheResourceAndWantsPublish() throws Exception {
        assertEquals(new SrtStreamId("KEY", null, false), SrtStreamId.parse("#!::r=KEY,m=publish"));
        assertEquals(new SrtStreamId("KEY", null, true), SrtStreamId.parse("#!::u=studio,r=backup/KEY,t=stream,s=abc"));
        assertEquals(LibSrt.REJX_BAD_MODE, assertThrows(SrtStreamId.Invalid.class, () -> SrtStreamId.parse("#!::r=KEY,m=request")).rejectReason);
        assertEquals(LibSrt.REJX_BAD_MODE, assertThrows(SrtStreamId.Invalid.class, () -> SrtStreamId.parse("#!::r=KEY,t=file")).rejectReason);
        assertEquals(LibSrt.REJX_BAD_REQUEST, assertThrows(SrtStreamId.Invalid.class, () -> SrtStreamId.parse("#!::m=publish")).rejectReason);
        assertEquals(LibSrt.REJX_BAD_REQUEST, assertThrows(SrtStreamId.Invalid.class, () -> SrtStreamId.parse("#!::r")).rejectReason);
    }

    @Test
    void emptyOverLongAndOddStreamIdsAreBadRequests() {
        for (String bad : new String[] {null, "", "a/b/c/d", "live/", "KEY//x", "KEY name", "x".repeat(513), "K\u00e9Y"}) {
            assertEquals(LibSrt.REJX_BAD_REQUEST, assertThrows(SrtStreamId.Invalid.class, () -> SrtStreamId.parse(bad), String.valueOf(bad)).rejectReason);
        }
    }

    @Test
    void theKeyIsNeverShown() throws Exception {
        SrtStreamId id = SrtStreamId.parse("#!::r=SECRETKEY/cam,m=publish");
        assertFalse(id.toString().contains("SECRETKEY"));
        assertTrue(id.toString().contains("cam"));
        assertNull(SrtStreamId.parse("SECRETKEY").streamName());
    }
}
