package io.livepipe.media.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 (Adobe Action Message Format 0, AMF0 spec section 2), as RTMP commands and FLV script
 * data carry it, decoded to plain Java values: {@link Double}, {@link Boolean}, {@link String},
 * {@code LinkedHashMap<String,Object>} (objects, ECMA arrays, typed objects), {@code List}
 * (strict arrays), {@link Instant} (dates), {@code null} (null, undefined) and
 * {@link #UNDEFINED} where the difference matters on the way out. The AMF3 switch marker
 * (0x11) hands the next value to {@link Amf3}. References (0x07), movie clips and record sets
 * are refused. Written ourselves: no maintained Java AMF library exists.
 */
public final class Amf0 {
    /** Encodes as AMF0 undefined (0x06). */
    public static final Object UNDEFINED = new Object() {
        @Override public String toString() { return "undefined"; }
    };

    static final int NUMBER = 0x00, BOOLEAN = 0x01, STRING = 0x02, OBJECT = 0x03, NULL = 0x05, UNDEF = 0x06,
            REFERENCE = 0x07, ECMA_ARRAY = 0x08, OBJECT_END = 0x09, STRICT_ARRAY = 0x0a, DATE = 0x0b,
            LONG_STRING = 0x0c, UNSUPPORTED = 0x0d, XML = 0x0f, TYPED_OBJECT = 0x10, AVMPLUS = 0x11;

    private Amf0() { }

    /** Every value in {@code data}, in order. */
    public static List<Object> decodeAll(byte[] data) {
        Reader r = new Reader(data);
        List<Object> out = new ArrayList<>();
        while (r.remaining() > 0) {
            if (out.size() >= AmfLimits.MAX_VALUES) throw new AmfException("more than " + AmfLimits.MAX_VALUES + " values", r.pos);
            out.add(r.value(0));
        }
        return out;
    }

    /** A cursor over AMF0 bytes. */
    static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b) { this.b = b; }

        int remaining() { return b.length - pos; }

        void need(int n) {
            if (n < 0 || remaining() < n) throw new AmfException("truncated: need " + n + " bytes", pos);
        }

        int u8() { need(1); return b[pos++] & 0xff; }

        int u16() { need(2); int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff); pos += 2; return v; }

        long u32() {
            need(4);
            long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        double f64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (b[pos + i] & 0xff);
            pos += 8;
            return Double.longBitsToDouble(v);
        }

        String utf8(long len) {
            if (len > AmfLimits.MAX_STRING) throw new AmfException("string of " + len + " bytes exceeds " + AmfLimits.MAX_STRING, pos);
            need((int) len);
            String s = new String(b, pos, (int) len, StandardCharsets.UTF_8);
            pos += (int) len;
            return s;
        }

        Object value(int depth) {
            if (depth > AmfLimits.MAX_DEPTH) throw new AmfException("nested deeper than " + AmfLimits.MAX_DEPTH, pos);
            int start = pos;
            int marker = u8();
            switch (marker) {
                case NUMBER: return f64();
                case BOOLEAN: return u8() != 0;
                case STRING: return utf8(u16());
                case LONG_STRING:
                case XML: return utf8(u32());
                case NULL:
                case UNDEF:
                case UNSUPPORTED: return null;
                case OBJECT: return properties(depth, new LinkedHashMap<>());
                case TYPED_OBJECT: utf8(u16()); return properties(depth, new LinkedHashMap<>());
                case ECMA_ARRAY: {
                    long declared = u32();
                    if (declared > AmfLimits.MAX_ENTRIES) throw new AmfException("ECMA array of " + declared + " entries", start);
                    return properties(depth, new LinkedHashMap<>());
                }
                case STRICT_ARRAY: {
                    long n = u32();
                    if (n > AmfLimits.MAX_ENTRIES) throw new AmfException("strict array of " + n + " entries", start);
                    List<Object> list = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) list.add(value(depth + 1));
                    return list;
                }
                case DATE: {
                    double ms = f64();
                    u16();
                    if (Double.isNaN(ms) || Math.abs(ms) > 8.64e15) throw new AmfException("date out of range", start);
                    return Instant.ofEpochMilli((long) ms);
                }
                case AVMPLUS: {
                    Amf3.Reader r3 = new Amf3.Reader(b, pos);
                    Object v = r3.value(depth + 1);
                    pos = r3.pos;
                    return v;
                }
                case OBJECT_END: throw new AmfException("object end marker outside an object", start);
                case REFERENCE: throw new AmfException("AMF0 references are not supported", start);
                default: throw new AmfException("unknown AMF0 type marker 0x" + Integer.toHexString(marker), start);
            }
        }

        Map<String, Object> properties(int depth, Map<String, Object> into) {
            while (true) {
                int keyStart = pos;
                String key = utf8(u16());
                if (key.isEmpty()) {
                    if (u8() != OBJECT_END) throw new AmfException("empty property name without object end", keyStart);
                    return into;
                }
                if (into.size() >= AmfLimits.MAX_ENTRIES) throw new AmfException("more than " + AmfLimits.MAX_ENTRIES + " properties", keyStart);
                into.put(key, value(depth + 1));
            }
        }
    }

    /** Encodes values: numbers, booleans, strings, maps (objects), lists (strict arrays), null and {@link #UNDEFINED}. */
    public static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) write(out, v, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v, int depth) {
        if (depth > AmfLimits.MAX_DEPTH) throw new IllegalArgumentException("nested too deep");
        if (v == null) {
            out.write(NULL);
        } else if (v == UNDEFINED) {
            out.write(UNDEF);
        } else if (v instanceof Number n) {
            out.write(NUMBER);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
        } else if (v instanceof Boolean bo) {
            out.write(BOOLEAN);
            out.write(bo ? 1 : 0);
        } else if (v instanceof String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            if (u.length > 0xffff) {
                out.write(LONG_STRING);
                writeU32(out, u.length);
            } else {
                out.write(STRING);
                writeU16(out, u.length);
            }
            out.writeBytes(u);
        } else if (v instanceof Map<?, ?> m) {
            out.write(OBJECT);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                byte[] k = String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8);
                writeU16(out, k.length);
                out.writeBytes(k);
                write(out, e.getValue(), depth + 1);
            }
            writeU16(out, 0);
            out.write(OBJECT_END);
        } else if (v instanceof List<?> l) {
            out.write(STRICT_ARRAY);
            writeU32(out, l.size());
            for (Object o : l) write(out, o, depth + 1);
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass().getSimpleName() + " as AMF0");
        }
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
