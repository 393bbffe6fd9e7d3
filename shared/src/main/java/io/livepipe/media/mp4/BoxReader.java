package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the box tree of an ISO-BMFF file held in memory (ISO/IEC 14496-12 section 4.2): 32-bit
 * and 64-bit sizes, size 0 (to the end), descent into the containers livepipe reads. Unknown
 * boxes are skipped by size. Every size is checked against its parent before use, the depth and
 * the number of boxes are bounded, and anything malformed is a {@link MalformedMediaException}
 * naming the box and offset. Pure: bytes in, records out.
 */
public final class BoxReader {
    public static final int MAX_DEPTH = 12;
    public static final int MAX_BOXES = 100_000;
    static final Set<String> CONTAINERS = Set.of(FourCC.MOOV, FourCC.TRAK, FourCC.MDIA, FourCC.MINF, FourCC.STBL, FourCC.MVEX, FourCC.MOOF, FourCC.TRAF, FourCC.DINF,
            FourCC.EDTS, FourCC.SINF, FourCC.SCHI, FourCC.MFRA);

    private final byte[] b;
    private int count;

    private BoxReader(byte[] b) { this.b = b; }

    public static List<Box> read(byte[] data) {
        return new BoxReader(data).boxes(0, data.length, 0);
    }

    private List<Box> boxes(int from, int to, int depth) {
        if (depth > MAX_DEPTH) throw new MalformedMediaException("boxes nested deeper than " + MAX_DEPTH + " at offset " + from);
        List<Box> out = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            if (to - pos < 8) throw new MalformedMediaException("truncated box header at offset " + pos);
            if (++count > MAX_BOXES) throw new MalformedMediaException("more than " + MAX_BOXES + " boxes");
            long size = ByteCursor.u32(b, pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - pos < 16) throw new MalformedMediaException("truncated 64-bit size of '" + printable(type) + "' at offset " + pos);
                size = (ByteCursor.u32(b, pos + 8) << 32) | ByteCursor.u32(b, pos + 12);
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header || size > to - pos) {
                throw new MalformedMediaException("box '" + printable(type) + "' at offset " + pos + " declares " + size
                        + " bytes; " + (to - pos) + " remain");
            }
            int end = pos + (int) size;
            List<Box> children = CONTAINERS.contains(type) ? boxes(pos + header, end, depth + 1) : List.of();
            out.add(new Box(type, pos, (int) size, header, children));
            pos = end;
        }
        return out;
    }


    static String printable(String fourcc) { return fourcc.replaceAll("[^ -~]", "?"); }
}
