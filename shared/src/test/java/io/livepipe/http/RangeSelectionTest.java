package io.livepipe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.http.RangeSelection.Kind;
import org.junit.jupiter.api.Test;

/** RFC 9110 §14.1–14.2: what a Range header selects of a 1000-byte representation. */
class RangeSelectionTest {
    static RangeSelection of(String h) { return RangeSelection.of(h, 1000); }

    @Test
    void oneSatisfiableRangeIsPartial() {
        assertEquals(new RangeSelection(Kind.PARTIAL, 0, 99), of("bytes=0-99"));
        assertEquals(new RangeSelection(Kind.PARTIAL, 500, 999), of("bytes=500-"));
        assertEquals(new RangeSelection(Kind.PARTIAL, 900, 999), of("bytes=-100"));
        assertEquals(new RangeSelection(Kind.PARTIAL, 0, 999), of("bytes=-5000"), "a suffix longer than the body is all of it");
        assertEquals(new RangeSelection(Kind.PARTIAL, 990, 999), of("bytes=990-99999999999999999999999"), "last-pos past the end is clamped");
        assertEquals(new RangeSelection(Kind.PARTIAL, 5, 5), of("Bytes = 5-5 ,"), "unit case-insensitive, empty list elements ignored");
        assertEquals("bytes 0-99/1000", of("bytes=0-99").contentRange(1000));
    }

    @Test
    void invalidUnknownUnitOrSeveralRangesAreIgnored() {
        for (String h : new String[] {"garbage", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=1-2-3", "bytes=+1-2",
                "items=0-5", "=0-5", "bytes=0-1,5-6", "bytes=0-1, 999999-", "bytes=0x10-20", "bytes= 1 -2"}) {
            assertEquals(Kind.WHOLE, of(h).kind(), h);
        }
        assertEquals(Kind.WHOLE, RangeSelection.of(null, 1000).kind());
    }

    @Test
    void aValidRangeOutsideTheBodyIsUnsatisfiable() {
        for (String h : new String[] {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"}) {
            RangeSelection s = of(h);
            assertEquals(Kind.UNSATISFIABLE, s.kind(), h);
            assertEquals("bytes */1000", s.contentRange(1000));
        }
        assertEquals(Kind.UNSATISFIABLE, RangeSelection.of("bytes=0-", 0).kind());
        assertEquals(Kind.WHOLE, RangeSelection.of("bytes=-5", 0).kind(), "the whole of an empty body");
    }
}
