package io.livepipe.media.cenc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** PSSH boxes pinned as golden hex, read back through our BoxReader, and the PlayReady header checked field by field. */
class PsshTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] KID = HEX.parseHex("a7e61c373e219033c21091fa607bf3b8");
    static final byte[] KID2 = HEX.parseHex("00112233445566778899aabbccddeeff");

    @Test
    void clearKeyIsAVersion1BoxOfTheCommonSystemWithItsKeyIdsAndNoData() {
        Pssh p = Pssh.clearKey(List.of(KID));
        assertEquals("00000034" + "70737368" + "01000000" + "1077efecc0b24d02ace33c1e52e2fb4b" + "00000001"
                + "a7e61c373e219033c21091fa607bf3b8" + "00000000", HEX.formatHex(p.box()));
        List<Box> boxes = BoxReader.read(p.box());
        assertEquals(1, boxes.size());
        assertEquals("pssh", boxes.get(0).type());
        assertEquals(52, boxes.get(0).size());
        assertArrayEquals(p.box(), Base64.getDecoder().decode(p.boxBase64()));
    }

    @Test
    void widevineIsAVersion0BoxWhoseProtobufCarriesKeyIdsAndTheSchemeFourcc() {
        Pssh p = Pssh.widevine(List.of(KID), Scheme.CENC);
        // key_id: tag 0x12, length 16; protection_scheme: tag 0x48, varint of 0x63656e63 ('cenc').
        assertEquals("00000038" + "70737368" + "00000000" + "edef8ba979d64acea3c827dcd51d21ed" + "00000018"
                + "1210a7e61c373e219033c21091fa607bf3b8" + "48e3dc959b06", HEX.formatHex(p.box()));
        Pssh two = Pssh.widevine(List.of(KID, KID2), Scheme.CBCS, "livepipe", new byte[] {1, 2});
        List<long[]> fields = protobuf(two.data());
        List<Integer> numbers = fields.stream().map(f -> (int) f[0]).toList();
        assertEquals(List.of(2, 2, 3, 4, 9), numbers);
        assertEquals(0x63626373L, fields.get(4)[1], "protection_scheme 'cbcs'");
        assertEquals("pssh", BoxReader.read(two.box()).get(0).type());
    }

    /** A small protobuf reader for the test: [field, varint value or length] per field, values checked inline. */
    private static List<long[]> protobuf(byte[] b) {
        List<long[]> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(b);
        List<byte[]> kids = new ArrayList<>();
        while (in.available() > 0) {
            long tag = varint(in);
            long v = varint(in);
            if ((tag & 7) == 2) {
                byte[] value = new byte[(int) v];
                in.read(value, 0, value.length);
                if (tag >> 3 == 2) kids.add(value);
                if (tag >> 3 == 3) assertEquals("livepipe", new String(value, StandardCharsets.UTF_8));
                if (tag >> 3 == 4) assertArrayEquals(new byte[] {1, 2}, value);
            }
            out.add(new long[] {tag >> 3, v});
        }
        assertArrayEquals(KID, kids.get(0));
        assertArrayEquals(KID2, kids.get(1));
        return out;
    }

    private static long varint(ByteArrayInputStream in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }

    @Test
    void playReadyCencHeaderIsWrmHeader40WithTheKidInGuidByteOrderAesCtrAndTheLicenseUrl() throws Exception {
        PlayReadyHeader h = PlayReadyHeader.of(KID, "https://lic.example/pr?a=1&b=2", Scheme.CENC);
        ByteBuffer pro = ByteBuffer.wrap(h.object()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(h.object().length, pro.getInt(), "PlayReady Object length");
        assertEquals(1, pro.getShort(), "one record");
        assertEquals(1, pro.getShort(), "record type: rights management header");
        int len = pro.getShort() & 0xffff;
        assertEquals(h.object().length - 10, len);
        byte[] record = new byte[len];
        pro.get(record);
        String xml = new String(record, StandardCharsets.UTF_16LE);
        assertEquals(h.xml(), xml);

        Element root = parse(xml).getDocumentElement();
        assertEquals("WRMHEADER", root.getLocalName());
        assertEquals("http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader", root.getNamespaceURI());
        assertEquals("4.0.0.0", root.getAttribute("version"));
        assertEquals("16", text(root, "KEYLEN"));
        assertEquals("AESCTR", text(root, "ALGID"));
        // a7e61c37-3e21-9033-c210-91fa607bf3b8 as a GUID: Data1, Data2, Data3 byte-swapped.
        assertEquals("371ce6a7213e3390c21091fa607bf3b8", HEX.formatHex(Base64.getDecoder().decode(text(root, "KID"))));
        assertEquals("https://lic.example/pr?a=1&b=2", text(root, "LA_URL"));

        assertEquals(h.objectBase64(), Base64.getEncoder().encodeToString(h.object()));
        Pssh p = h.pssh();
        byte[] box = p.box();
        assertEquals("pssh", BoxReader.read(box).get(0).type());
        assertEquals("9a04f07998404286ab92e65be0885f95", HEX.formatHex(box, 12, 28));
        assertEquals(h.object().length, ByteBuffer.wrap(box, 28, 4).getInt());
        assertArrayEquals(h.object(), java.util.Arrays.copyOfRange(box, 32, box.length));
    }

    @Test
    void playReadyCbcsHeaderIsWrmHeader43WithAnAesCbcKid() throws Exception {
        PlayReadyHeader h = PlayReadyHeader.of(KID, "https://lic.example/pr", Scheme.CBCS);
        Element root = parse(h.xml()).getDocumentElement();
        assertEquals("4.3.0.0", root.getAttribute("version"));
        Element kid = (Element) root.getElementsByTagNameNS("*", "KID").item(0);
        assertEquals("KIDS", kid.getParentNode().getLocalName());
        assertEquals("AESCBC", kid.getAttribute("ALGID"));
        assertEquals("371ce6a7213e3390c21091fa607bf3b8", HEX.formatHex(Base64.getDecoder().decode(kid.getAttribute("VALUE"))));
        assertEquals("https://lic.example/pr", text(root, "LA_URL"));
    }

    @Test
    void refusesKeyIdsThatAreNot16Bytes() {
        assertThrows(IllegalArgumentException.class, () -> Pssh.clearKey(List.of(new byte[8])));
        assertThrows(IllegalArgumentException.class, () -> Pssh.widevine(List.of(new byte[17]), Scheme.CENC));
        assertThrows(IllegalArgumentException.class, () -> PlayReadyHeader.of(new byte[0], null, Scheme.CENC));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element root, String name) {
        return root.getElementsByTagNameNS("*", name).item(0).getTextContent();
    }
}
