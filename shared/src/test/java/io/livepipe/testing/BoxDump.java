package io.livepipe.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * An ISO-BMFF file as readable text for golden files: one line per box (indented by depth) with
 * its type and size, and the payload in hex for leaf boxes (up to 96 bytes, then its length and
 * the start of its SHA-256); {@code mdat} by length and digest only. Sample entries
 * ({@code avc1}, {@code encv}, {@code mp4a}, {@code enca}) and {@code stsd} are opened to show
 * their children. For tests; bounded (depth 12).
 */
public final class BoxDump {
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf",
            "dinf", "edts", "sinf", "schi", "mfra");
    private static final HexFormat HEX = HexFormat.of();
    static final int MAX_HEX = 96;

    private BoxDump() { }

    public static String dump(byte[] file) {
        StringBuilder sb = new StringBuilder();
        boxes(sb, file, 0, file.length, 0);
        return sb.toString();
    }

    private static void boxes(StringBuilder sb, byte[] b, int from, int to, int depth) {
        int pos = from;
        while (pos + 8 <= to && depth < 12) {
            ByteBuffer bb = ByteBuffer.wrap(b, pos, to - pos);
            long size = bb.getInt() & 0xffffffffL;
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) { size = bb.getLong(); header = 16; }
            if (size == 0) size = to - pos;
            if (size < header || pos + size > to) {
                sb.append("  ".repeat(depth)).append("! bad box '").append(type).append("' at ").append(pos).append('\n');
                return;
            }
            int start = pos + header;
            int end = (int) (pos + size);
            sb.append("  ".repeat(depth)).append(type).append(" size=").append(size);
            int skip = switch (type) {
                case "stsd" -> 8;
                case "avc1", "encv" -> 78;
                case "mp4a", "enca" -> 28;
                default -> -1;
            };
            if (CONTAINERS.contains(type) || (skip >= 0 && start + skip <= end)) {
                if (skip > 0) sb.append(' ').append(HEX.formatHex(b, start, start + skip));
                sb.append('\n');
                boxes(sb, b, start + Math.max(0, skip), end, depth + 1);
            } else if (type.equals("mdat")) {
                sb.append(" bytes=").append(end - start).append(" sha256=").append(sha(b, start, end)).append('\n');
            } else {
                int n = end - start;
                sb.append(' ').append(HEX.formatHex(b, start, start + Math.min(n, MAX_HEX)));
                if (n > MAX_HEX) sb.append("… (").append(n).append(" bytes, sha256=").append(sha(b, start, end)).append(')');
                sb.append('\n');
            }
            pos = end;
        }
    }

    private static String sha(byte[] b, int from, int to) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, from, to - from);
            return HEX.formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
