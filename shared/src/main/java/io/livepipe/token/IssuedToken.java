package io.livepipe.token;

import java.time.Instant;

/** A token as handed to a caller, with its expiry. {@link #toString()} leaves the token out. */
public record IssuedToken(String token, Instant expires, String jti) {
    @Override
    public String toString() { return "IssuedToken[jti=" + jti + ", expires=" + expires + "]"; }
}
