package io.livepipe.media.mp4;

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

    /** The first child of this type, or null. */
    public Box child(String t) {
        for (Box b : children) if (b.type.equals(t)) return b;
        return null;
    }
}
