package io.livepipe.storage;

/**
 * A precondition on a write or delete, as HTTP and Blob storage have them: {@code ifMatch}
 * names the ETag the blob must still have; {@code ifNoneMatch} is {@code *} to write only
 * when no blob exists yet. Both null: unconditional.
 */
public record Condition(String ifMatch, String ifNoneMatch) {
    private static final Condition NONE = new Condition(null, null);
    private static final Condition ABSENT = new Condition(null, "*");

    public static Condition none() { return NONE; }

    /** Only if the blob does not exist yet (create). */
    public static Condition ifAbsent() { return ABSENT; }

    /** Only if the blob still has this ETag (update after read). */
    public static Condition ifMatch(String etag) {
        if (etag == null || etag.isEmpty()) throw new IllegalArgumentException("etag required");
        return new Condition(etag, null);
    }

    public boolean isNone() { return ifMatch == null && ifNoneMatch == null; }
}
