package io.livepipe.media.cenc;

import java.util.Arrays;

/**
 * A protected CMAF fragment as two slices, as {@link CmafEncryption#encryptSegmentInPlace} makes
 * it without copying the mdat: {@code head} (whatever came before the moof, and the moof grown by
 * senc, saiz and saio) and then {@code restLength} bytes of {@code array} from
 * {@code restOffset} (the rest of the moof, the mdat encrypted in the clear input's own array,
 * and what followed it). Send the two one after the other; {@link #toByteArray} joins them.
 */
public record ProtectedFragment(byte[] head, byte[] array, int restOffset, int restLength) {
    public ProtectedFragment {
        if (restOffset < 0 || restLength < 0 || restOffset > array.length - restLength) {
            throw new IllegalArgumentException("rest outside its array");
        }
    }

    /** Bytes in all. */
    public int length() { return head.length + restLength; }

    /** The whole fragment in one new array: what {@link CmafEncryption#encryptSegment} gives for the same input. */
    public byte[] toByteArray() { return copyOfRange(0, length()); }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of the whole fragment, in a new array. */
    public byte[] copyOfRange(int from, int to) {
        if (from < 0 || to > length() || from > to) throw new IndexOutOfBoundsException("range " + from + "-" + to + " of " + length());
        byte[] out = new byte[to - from];
        int fromHead = Math.max(0, Math.min(to, head.length) - from);
        if (fromHead > 0) System.arraycopy(head, from, out, 0, fromHead);
        int restFrom = Math.max(from, head.length) - head.length;
        int restTo = to - head.length;
        if (restTo > restFrom) System.arraycopy(array, restOffset + restFrom, out, fromHead, restTo - restFrom);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectedFragment p && Arrays.equals(toByteArray(), p.toByteArray());
    }

    @Override
    public int hashCode() { return Arrays.hashCode(toByteArray()); }

    @Override
    public String toString() { return "ProtectedFragment[" + head.length + " + " + restLength + " bytes]"; }
}
