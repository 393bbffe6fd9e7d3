package io.livepipe.protection;

/**
 * A protection request that cannot be answered: an HTTP status (400 bad request, 403 not
 * allowed, 404 no such thing, 409 conflict) and a reason safe to return. Never carries a key or
 * a token. Token failures are {@link io.livepipe.token.TokenRejectedException}s instead.
 */
public final class ProtectionException extends RuntimeException {
    private final int status;

    public ProtectionException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() { return status; }

    static ProtectionException invalid(String reason) { return new ProtectionException(400, reason); }

    static ProtectionException notFound(String reason) { return new ProtectionException(404, reason); }
}
