package io.livepipe.streaming;

import java.time.Instant;

/**
 * A streaming locator: an unguessable id (128 random bits, hex) publishing one asset with a
 * streaming policy ({@code clear}, {@code envelope}, {@code cenc}, {@code cbcs}) and, when it is
 * protected, the content key policy that says who may have its keys; optionally limited to a
 * time window of the asset (seconds from its start). Kept at {@code locators/{id}.json};
 * deleting it unpublishes. {@code assetCreated} binds it to the generation of the asset it was
 * made for (the asset's creation instant): an asset deleted and recorded again under the same
 * name is another generation, which this locator never serves. Locators written before the
 * binding have none and are read as bound to the asset's generation of the moment.
 */
public record Locator(String id, String assetName, String streamingPolicy, Double startSeconds, Double endSeconds,
                      Instant created, String contentKeyPolicyName, Instant assetCreated) {

    public Protection.Scheme scheme() { return Protection.Scheme.ofPolicy(streamingPolicy); }

    /** This locator, bound to the asset generation {@code assetCreated}. */
    Locator boundTo(Instant generation) {
        return new Locator(id, assetName, streamingPolicy, startSeconds, endSeconds, created, contentKeyPolicyName, generation);
    }
}
