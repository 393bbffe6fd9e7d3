package io.livepipe.streaming;

import java.time.Instant;

/**
 * A streaming locator: an unguessable id (128 random bits, hex) publishing one asset with a
 * streaming policy ({@code clear}, {@code envelope}, {@code cenc}, {@code cbcs}) and, when it is
 * protected, the content key policy that says who may have its keys; optionally limited to a
 * time window of the asset (seconds from its start). Kept at {@code locators/{id}.json};
 * deleting it unpublishes.
 */
public record Locator(String id, String assetName, String streamingPolicy, Double startSeconds, Double endSeconds,
                      Instant created, String contentKeyPolicyName) {

    public Protection.Scheme scheme() { return Protection.Scheme.ofPolicy(streamingPolicy); }
}
