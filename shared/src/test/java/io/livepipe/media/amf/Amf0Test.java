package io.livepipe.media.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {
    @Test
    void roundTripsACommand() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("app", "live");
        props.put("tcUrl", "rtmp://h/live");
        props.put("fpad", false);
        props.put("nested", Map.of("a", 1.0));
        byte[] b = Amf0.encode("connect", 1.0, props, null, List.of(1.0, "x"));
        List<Object> v = Amf0.decodeAll(b);
        assertEquals("connect", v.get(0));
        assertEquals(1.0, v.get(1));
        assertEquals(props, v.get(2));
        assertNull(v.get(3));
        assertEquals(List.of(1.0, "x"), v.get(4));
    }

    @Test
    void decodesEcmaArraysAsFfmpegSendsOnMetaData() {
        byte[] b = {0x08, 0, 0, 0, 1, 0, 5, 'w', 'i', 'd', 't', 'h', 0, 0x40, 0x74, 0, 0, 0, 0, 0, 0, 0, 0, 0x09};
        assertEquals(Map.of("width", 320.0), Amf0.decodeAll(b).get(0));
    }

    @Test
    void decodesAmf3ValuesBehindTheSwitchMarker() {
        byte[] b = {0x11, 0x06, 0x07, 'a', 'b', 'c', 0x11, 0x04, 0x7f, 0x11, 0x03};
        assertEquals(List.of("abc", 127.0, true), Amf0.decodeAll(b));
    }

    @Test
    void refusesTruncationDepthAndSizeBeyondLimits() {
        assertThrows(AmfException.class, () -> Amf0.decodeAll(new byte[] {0x02, 0, 10, 'a'}));
        assertThrows(AmfException.class, () -> Amf0.decodeAll(new byte[] {0x0c, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertThrows(AmfException.class, () -> Amf0.decodeAll(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        byte[] deep = new byte[100];
        for (int i = 0; i < deep.length; i++) deep[i] = 0x0a;
        AmfException e = assertThrows(AmfException.class, () -> Amf0.decodeAll(nestedArrays(40)));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
        assertThrows(AmfException.class, () -> Amf0.decodeAll(new byte[] {0x07, 0, 0}));
        assertThrows(AmfException.class, () -> Amf0.decodeAll(new byte[] {0x42}));
    }

    static byte[] nestedArrays(int depth) {
        byte[] b = new byte[depth * 5];
        for (int i = 0; i < depth; i++) {
            b[i * 5] = 0x0a;
            b[i * 5 + 4] = 1;
        }
        return b;
    }
}
