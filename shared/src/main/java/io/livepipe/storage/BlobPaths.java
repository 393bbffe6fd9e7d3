package io.livepipe.storage;

/**
 * The shape of a blob path both adapters accept: slash-separated segments of printable
 * characters, no empty, {@code .} or {@code ..} segment, no backslash, at most
 * {@link #MAX_LENGTH} characters — so a path can never climb out of its container on disk.
 */
public final class BlobPaths {
    public static final int MAX_LENGTH = 1024;
    public static final int MAX_SEGMENT = 255;

    private BlobPaths() { }

    public static String require(String path) {
        if (path == null || path.isEmpty()) throw new IllegalArgumentException("blob path is empty");
        if (path.length() > MAX_LENGTH) throw new IllegalArgumentException("blob path longer than " + MAX_LENGTH);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') throw new IllegalArgumentException("blob path has a forbidden character at " + i);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.length() > MAX_SEGMENT) {
                throw new IllegalArgumentException("blob path has an empty, dot or over-long segment");
            }
        }
        return path;
    }

    /** A prefix may be empty or end in a slash; otherwise it follows the path rules. */
    public static String requirePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) return "";
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!body.isEmpty()) require(body);
        return prefix;
    }
}
