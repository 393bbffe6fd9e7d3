package io.livepipe.http;

/**
 * The part of a response body that follows its first array, kept where it was made instead of
 * copied after it: {@code length} bytes of {@code array} from {@code offset}. A server sends the
 * two one after the other (Netty: one wrapped buffer over both); an adapter that needs one array
 * joins them. Used for segments encrypted on the fly in the array they were read into.
 */
public record BodyRest(byte[] array, int offset, int length) {
    public BodyRest {
        if (offset < 0 || length < 0 || offset > array.length - length) throw new IllegalArgumentException("rest outside its array");
    }

    /** {@code first} and then this, in one new array. */
    public byte[] after(byte[] first) {
        byte[] out = new byte[first.length + length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(array, offset, out, first.length, length);
        return out;
    }
}
