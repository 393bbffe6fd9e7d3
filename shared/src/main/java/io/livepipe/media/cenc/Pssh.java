package io.livepipe.media.cenc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A Protection System Specific Header box (ISO/IEC 23001-7:2016 section 8.1): a DRM system's
 * id, the key ids it covers (version 1 when there are any) and its opaque data. Builders for
 * Widevine, PlayReady and the W3C common system (ClearKey).
 */
public record Pssh(UUID systemId, List<byte[]> keyIds, byte[] data) {
    public static final UUID WIDEVINE = UUID.fromString("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
    public static final UUID PLAYREADY = UUID.fromString("9a04f079-9840-4286-ab92-e65be0885f95");
    /** W3C "Common PSSH box format" system, used by ClearKey (W3C Encrypted Media Extensions, cenc init data). */
    public static final UUID COMMON = UUID.fromString("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");
    /** More key ids than this in one box are refused: a pssh is per asset, not per segment. */
    public static final int MAX_KEY_IDS = 64;

    public Pssh {
        if (keyIds.size() > MAX_KEY_IDS) throw new IllegalArgumentException("more than " + MAX_KEY_IDS + " key ids");
        List<byte[]> copy = new ArrayList<>(keyIds.size());
        for (byte[] k : keyIds) copy.add(kid(k).clone());
        keyIds = List.copyOf(copy);
        data = data.clone();
    }

    @Override
    public List<byte[]> keyIds() {
        List<byte[]> copy = new ArrayList<>(keyIds.size());
        for (byte[] k : keyIds) copy.add(k.clone());
        return copy;
    }

    @Override
    public byte[] data() { return data.clone(); }

    /**
     * Widevine: data is a WidevinePsshData protobuf with {@code key_id} (field 2) for each key id
     * and {@code protection_scheme} (field 9, the scheme's fourcc as a number). Version 0 box,
     * as Widevine's own packagers write it.
     */
    public static Pssh widevine(List<byte[]> keyIds, Scheme scheme) {
        return widevine(keyIds, scheme, null, null);
    }

    /** Widevine with the optional {@code provider} (field 3) and {@code content_id} (field 4), null to leave out. */
    public static Pssh widevine(List<byte[]> keyIds, Scheme scheme, String provider, byte[] contentId) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        for (byte[] k : keyIds) field(p, 2, kid(k));
        if (provider != null) field(p, 3, provider.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (contentId != null) field(p, 4, contentId);
        p.write(9 << 3); // field 9, wire type 0 (varint)
        varint(p, scheme.fourccValue() & 0xffffffffL);
        return new Pssh(WIDEVINE, List.of(), p.toByteArray());
    }

    /** The W3C common system (ClearKey): version 1 with the key ids, no data. */
    public static Pssh clearKey(List<byte[]> keyIds) {
        if (keyIds.isEmpty()) throw new IllegalArgumentException("ClearKey pssh needs at least one key id");
        return new Pssh(COMMON, keyIds, new byte[0]);
    }

    /** The whole box. */
    public byte[] box() {
        boolean v1 = !keyIds.isEmpty();
        int size = 32 + (v1 ? 4 + 16 * keyIds.size() : 0) + data.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(size).put(new byte[] {'p', 's', 's', 'h'}).putInt(v1 ? 0x01000000 : 0);
        b.putLong(systemId.getMostSignificantBits()).putLong(systemId.getLeastSignificantBits());
        if (v1) {
            b.putInt(keyIds.size());
            for (byte[] k : keyIds) b.put(k);
        }
        b.putInt(data.length).put(data);
        return b.array();
    }

    /** Base64 of the whole box: the text of DASH's {@code cenc:pssh} element (ISO/IEC 23001-7 section 11.2.1). */
    public String boxBase64() { return Base64.getEncoder().encodeToString(box()); }

    static byte[] kid(byte[] k) {
        if (k == null || k.length != 16) throw new IllegalArgumentException("key id must be 16 bytes");
        return k;
    }

    private static void field(ByteArrayOutputStream p, int number, byte[] value) {
        p.write(number << 3 | 2); // wire type 2: length-delimited
        varint(p, value.length);
        p.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream p, long v) {
        while ((v & ~0x7fL) != 0) {
            p.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        p.write((int) v);
    }
}
