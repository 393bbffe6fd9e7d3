package io.livepipe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteCursorTest {
    static final byte[] B = {0, 0, 0, 0x10, 'm', 'o', 'o', 'v', (byte) 0xff, (byte) 0xfe, 1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void readsBigEndianFieldsInOrder() {
        ByteCursor c = ByteCursor.of(B);
        assertEquals(16, c.u32());
        assertEquals("moov", c.fourcc());
        assertEquals(0xfffe, c.u16());
        assertEquals(0x010203, c.u24());
        assertEquals(4, c.u8());
        assertEquals(14, c.position());
        assertEquals(4, c.remaining());
        assertEquals(0xfffe0102L, ByteCursor.u32(B, 8));
        assertEquals(0x0102030405060708L, ByteCursor.of(B, 10, 18).u64());
    }

    @Test
    void refusesReadsPastItsWindowNamingTheAbsoluteOffset() {
        ByteCursor c = ByteCursor.of(B, 8, 12, "'moov' at offset 0");
        c.u16();
        MalformedMediaException e = assertThrows(MalformedMediaException.class, c::u32);
        assertEquals("'moov' at offset 0 is too short: 32-bit field at offset 10 needs 4 bytes; 2 remain", e.getMessage());
        assertEquals(10, c.position(), "a refused read moves nothing");
        assertThrows(MalformedMediaException.class, () -> ByteCursor.of(B).skip(-1));
        assertThrows(MalformedMediaException.class, () -> ByteCursor.of(B, 4, 19));
        assertThrows(MalformedMediaException.class, () -> ByteCursor.u32(B, 15));
        assertThrows(MalformedMediaException.class, () -> ByteCursor.u32(B, -1));
    }
}
