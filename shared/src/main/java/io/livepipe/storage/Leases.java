package io.livepipe.storage;

import java.time.Duration;

/** Limits of blob leases, as Blob storage has them; every backend keeps the same. */
public final class Leases {
    /** The shortest finite lease Blob storage grants. */
    public static final Duration MIN = Duration.ofSeconds(15);
    /** The longest finite lease Blob storage grants (livepipe takes no infinite leases: a dead holder must let go). */
    public static final Duration MAX = Duration.ofSeconds(60);

    private Leases() { }

    /** {@code d} in whole seconds, if Blob storage would grant it; else a clear refusal. */
    public static int seconds(Duration d) {
        if (d == null || d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0 || d.toNanosPart() != 0) {
            throw new IllegalArgumentException("a lease lasts 15 to 60 whole seconds, not " + d);
        }
        return (int) d.getSeconds();
    }
}
