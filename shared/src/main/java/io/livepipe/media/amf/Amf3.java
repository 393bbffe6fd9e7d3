package io.livepipe.media.amf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF3 values encoders may switch to inside AMF0 commands (AMF3 spec section 3): undefined,
 * null, false, true, integer (U29), double, string, dense/associative array and dynamic
 * anonymous object. String, object and trait references, sealed traits, externalizable
 * objects, XML, byte arrays, vectors and dictionaries are refused.
 */
final class Amf3 {
    private Amf3() { }

    static final class Reader {
        final byte[] b;
        int pos;
        private final List<String> strings = new ArrayList<>();

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        private int u8() {
            if (pos >= b.length) throw new AmfException("truncated AMF3", pos);
            return b[pos++] & 0xff;
        }

        int u29() {
            int v = 0;
            for (int i = 0; i < 3; i++) {
                int x = u8();
                v = (v << 7) | (x & 0x7f);
                if ((x & 0x80) == 0) return v;
            }
            return (v << 8) | u8();
        }

        String string() {
            int start = pos;
            int h = u29();
            if ((h & 1) == 0) {
                int ref = h >> 1;
                if (ref >= strings.size()) throw new AmfException("AMF3 string reference out of range", start);
                return strings.get(ref);
            }
            int len = h >> 1;
            if (len > AmfLimits.MAX_STRING) throw new AmfException("AMF3 string of " + len + " bytes", start);
            if (b.length - pos < len) throw new AmfException("truncated AMF3 string", start);
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            if (!s.isEmpty()) {
                if (strings.size() >= AmfLimits.MAX_ENTRIES) throw new AmfException("too many AMF3 strings", start);
                strings.add(s);
            }
            return s;
        }

        Object value(int depth) {
            if (depth > AmfLimits.MAX_DEPTH) throw new AmfException("nested deeper than " + AmfLimits.MAX_DEPTH, pos);
            int start = pos;
            int marker = u8();
            switch (marker) {
                case 0x00, 0x01: return null;
                case 0x02: return false;
                case 0x03: return true;
                case 0x04: {
                    int v = u29();
                    return (double) ((v & 0x10000000) != 0 ? v - 0x20000000 : v);
                }
                case 0x05: {
                    if (b.length - pos < 8) throw new AmfException("truncated AMF3 double", start);
                    long v = 0;
                    for (int i = 0; i < 8; i++) v = (v << 8) | (b[pos + i] & 0xff);
                    pos += 8;
                    return Double.longBitsToDouble(v);
                }
                case 0x06: return string();
                case 0x09: {
                    int h = u29();
                    if ((h & 1) == 0) throw new AmfException("AMF3 object references are not supported", start);
                    int dense = h >> 1;
                    if (dense > AmfLimits.MAX_ENTRIES) throw new AmfException("AMF3 array of " + dense + " entries", start);
                    Map<String, Object> assoc = new LinkedHashMap<>();
                    for (String k = string(); !k.isEmpty(); k = string()) {
                        if (assoc.size() >= AmfLimits.MAX_ENTRIES) throw new AmfException("AMF3 array too large", start);
                        assoc.put(k, value(depth + 1));
                    }
                    List<Object> list = new ArrayList<>(dense);
                    for (int i = 0; i < dense; i++) list.add(value(depth + 1));
                    if (assoc.isEmpty()) return list;
                    for (int i = 0; i < list.size(); i++) assoc.put(Integer.toString(i), list.get(i));
                    return assoc;
                }
                case 0x0a: {
                    int h = u29();
                    if ((h & 1) == 0) throw new AmfException("AMF3 object references are not supported", start);
                    if ((h & 0b1111) != 0b1011) throw new AmfException("only dynamic anonymous AMF3 objects are supported", start);
                    if (!string().isEmpty()) throw new AmfException("typed AMF3 objects are not supported", start);
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String k = string(); !k.isEmpty(); k = string()) {
                        if (m.size() >= AmfLimits.MAX_ENTRIES) throw new AmfException("AMF3 object too large", start);
                        m.put(k, value(depth + 1));
                    }
                    return m;
                }
                default: throw new AmfException("AMF3 type 0x" + Integer.toHexString(marker) + " is not supported", start);
            }
        }
    }
}
