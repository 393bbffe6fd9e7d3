package io.livepipe.storage;

/**
 * A precondition on a write or delete, as HTTP and Blob storage have them: {@code ifMatch}
 * names the ETag the blob must still have; {@code ifNoneMatch} is {@code *} to write only
 * when no blob exists yet; {@code leaseId} names the active lease the writer must hold on the
 * blob (Blob storage's {@code x-ms-lease-id}). All null: unconditional — but a blob under an
 * active lease refuses every write that does not name its lease, as Blob storage does.
 */
public record Condition(String ifMatch, String ifNoneMatch, String leaseId) {
    private static final Condition NONE = new Condition(null, null, null);
    private static final Condition ABSENT = new Condition(null, "*", null);

    public Condition(String ifMatch, String ifNoneMatch) { this(ifMatch, ifNoneMatch, null); }

    public static Condition none() { return NONE; }

    /** Only if the blob does not exist yet (create). */
    public static Condition ifAbsent() { return ABSENT; }

    /** Only if the blob still has this ETag (update after read). */
    public static Condition ifMatch(String etag) {
        if (etag == null || etag.isEmpty()) throw new IllegalArgumentException("etag required");
        return new Condition(etag, null, null);
    }

    /** Only while the writer holds this lease on the blob. */
    public static Condition leased(String leaseId) {
        if (leaseId == null || leaseId.isEmpty()) throw new IllegalArgumentException("lease id required");
        return new Condition(null, null, leaseId);
    }

    /** This condition, and the lease too. */
    public Condition withLease(String id) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("lease id required");
        return new Condition(ifMatch, ifNoneMatch, id);
    }

    public boolean isNone() { return ifMatch == null && ifNoneMatch == null && leaseId == null; }
}
