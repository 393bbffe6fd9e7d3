package io.livepipe.media.cenc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A PlayReady Object with one PlayReady Header record (Microsoft, "PlayReady Header Object",
 * PlayReady Header Specification v4.0–4.3). {@code cenc} gets a WRMHEADER version 4.0.0.0
 * (ALGID AESCTR): every PlayReady client reads 4.0, while 4.1+ headers are not understood by
 * older ones. {@code cbcs} needs 4.3.0.0, the first version with ALGID AESCBC. The KID is the
 * base64 of the key id's GUID byte order (first three fields little-endian). No CHECKSUM: it
 * needs the content key, which this code never sees, and it is optional.
 */
public record PlayReadyHeader(String xml, byte[] object) {
    static final String NAMESPACE = "http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader";
    /** Record type 1: Rights Management Header. */
    static final int RIGHTS_MANAGEMENT_HEADER = 1;

    public PlayReadyHeader {
        object = object.clone();
    }

    @Override
    public byte[] object() { return object.clone(); }

    public static PlayReadyHeader of(byte[] keyId16, String laUrl, Scheme scheme) {
        String kid = Base64.getEncoder().encodeToString(guidBytes(Pssh.kid(keyId16)));
        StringBuilder x = new StringBuilder(512);
        if (scheme == Scheme.CENC) {
            x.append("<WRMHEADER xmlns=\"").append(NAMESPACE).append("\" version=\"4.0.0.0\"><DATA><PROTECTINFO>")
                    .append("<KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>").append(kid).append("</KID>");
        } else {
            x.append("<WRMHEADER xmlns=\"").append(NAMESPACE).append("\" version=\"4.3.0.0\"><DATA><PROTECTINFO><KIDS>")
                    .append("<KID ALGID=\"AESCBC\" VALUE=\"").append(kid).append("\"></KID></KIDS></PROTECTINFO>");
        }
        if (laUrl != null && !laUrl.isEmpty()) x.append("<LA_URL>").append(escape(laUrl)).append("</LA_URL>");
        x.append("</DATA></WRMHEADER>");
        String xml = x.toString();
        byte[] record = xml.getBytes(StandardCharsets.UTF_16LE);
        if (record.length > 0xffff - 10) throw new IllegalArgumentException("PlayReady header too long");
        ByteBuffer b = ByteBuffer.allocate(10 + record.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(10 + record.length).putShort((short) 1).putShort((short) RIGHTS_MANAGEMENT_HEADER).putShort((short) record.length).put(record);
        return new PlayReadyHeader(xml, b.array());
    }

    /** Base64 of the PlayReady Object: the text of DASH's {@code mspr:pro} element. */
    public String objectBase64() { return Base64.getEncoder().encodeToString(object); }

    /** The PlayReady pssh box: version 0, data the PlayReady Object. */
    public Pssh pssh() { return new Pssh(Pssh.PLAYREADY, List.of(), object); }

    /** A UUID's 16 bytes in the order of a Windows GUID: Data1, Data2, Data3 little-endian. */
    static byte[] guidBytes(byte[] uuid) {
        byte[] g = uuid.clone();
        g[0] = uuid[3];
        g[1] = uuid[2];
        g[2] = uuid[1];
        g[3] = uuid[0];
        g[4] = uuid[5];
        g[5] = uuid[4];
        g[6] = uuid[7];
        g[7] = uuid[6];
        return g;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
