package io.livepipe.media.mp4;

import io.livepipe.media.ByteCursor;
import io.livepipe.media.MalformedMediaException;
import java.util.List;

/**
 * One box of an ISO-BMFF file: its type, where it starts, its total size and header size, and
 * its children when it is a container. The payload is {@code [offset + headerSize, offset + size)}.
 */
public record Box(String type, int offset, int size, int headerSize, List<Box> children) {
    public Box {
        children = List.copyOf(children);
    }

    public int payloadOffset() { return offset + headerSize; }

    public int payloadSize() { return size - headerSize; }

    /** A cursor over this box's payload in {@code file}, the bytes it was read from; refusals name the box. */
    public ByteCursor fields(byte[] file) {
        return ByteCursor.of(file, payloadOffset(), offset + size, "'" + BoxReader.printable(type) + "' at offset " + offset);
    }

    /** The first child of this type; malformed if there is none. */
    public Box require(String t) {
        Box b = child(t);
        if (b == null) throw new MalformedMediaException("'" + BoxReader.printable(type) + "' at offset " + offset + " has no '" + t + "'");
        return b;
    }

    /** The one child of this type; malformed if there is none or more than one. */
    public Box only(String t) {
        Box found = null;
        for (Box b : children) {
            if (!b.type.equals(t)) continue;
            if (found != null) throw new MalformedMediaException("'" + BoxReader.printable(type) + "' at offset " + offset + " has two '" + t + "'");
            found = b;
        }
        if (found == null) throw new MalformedMediaException("'" + BoxReader.printable(type) + "' at offset " + offset + " has no '" + t + "'");
        return found;
    }

    /**
     * The box of type {@code t} among the boxes that fill {@code [from, to)} of {@code file}
     * (the children of a sample entry, which the reader does not descend into), sizes checked
     * against the range; null if there is none.
     */
    public static Box find(byte[] file, int from, int to, String t) {
        int pos = from;
        while (pos + 8 <= to) {
            long size = ByteCursor.u32(file, pos);
            if (size < 8 || pos + size > to) throw new MalformedMediaException("box at offset " + pos + " declares " + size + " bytes that do not fit");
            String bt = new String(file, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (bt.equals(t)) return new Box(bt, pos, (int) size, 8, List.of());
            pos += (int) size;
        }
        return null;
    }

    /** The first child of this type, or null. */
    public Box child(String t) {
        for (Box b : children) if (b.type.equals(t)) return b;
        return null;
    }
}
