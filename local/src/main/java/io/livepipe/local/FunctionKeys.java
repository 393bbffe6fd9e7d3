package io.livepipe.local;

import io.livepipe.encoder.http.HostRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks function keys the way the Functions host does: the {@code x-functions-key} header or
 * the {@code code} query parameter must equal the configured key. Compared in constant time.
 */
final class FunctionKeys {
    private final byte[] key;

    FunctionKeys(String key) {
        if (key == null || key.length() < 16) throw new IllegalArgumentException("function key must have at least 16 characters");
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    boolean permits(HostRequest request) {
        String given = request.header("x-functions-key");
        if (given == null) given = request.query().get("code");
        return given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
    }
}
