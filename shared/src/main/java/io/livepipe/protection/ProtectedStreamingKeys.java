package io.livepipe.protection;

import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.Protection;
import io.livepipe.streaming.StreamingKeys;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The streaming endpoint's keys over the content key store and policies. Both are asked of their
 * suppliers on use, never at construction, so that a platform serving only clear locators needs no
 * key-encryption key (nor does deleting an asset's keys); the suppliers (the service graph's) open
 * each once and keep it.
 */
public final class ProtectedStreamingKeys implements StreamingKeys {
    private final Supplier<ContentKeyStore> store;
    private final Supplier<ContentKeyPolicyService> policies;
    private final JsonDocuments state;

    public ProtectedStreamingKeys(JsonDocuments state, Supplier<ContentKeyStore> store, Supplier<ContentKeyPolicyService> policies) {
        this.state = state;
        this.store = store;
        this.policies = policies;
    }

    @Override
    public void prepare(Asset asset, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType) {
        if (scheme == Protection.Scheme.CLEAR) {
            if (contentKeyPolicyName != null) throw Refusal.badRequest("a clear locator takes no contentKeyPolicyName");
            return;
        }
        if (contentKeyPolicyName == null) {
            throw Refusal.badRequest("a " + scheme.policy() + " locator needs a contentKeyPolicyName");
        }
        try {
            if (policies.get().find(contentKeyPolicyName).isEmpty()) {
                throw Refusal.notFound("no content key policy " + contentKeyPolicyName);
            }
            if (keyPerTrackType == null) store.get().keys(asset.name(), asset.created());
            else store.get().keys(asset.name(), asset.created(), keyPerTrackType);
        } catch (Refusal e) {
            throw Refusal.of(e.status() == 409 ? 409 : 400, e.getMessage());
        }
    }

    @Override
    public Key key(Asset asset, TrackType type) {
        ContentKey k = store.get().keys(asset.name(), asset.created()).forTrack(type);
        return new Key(k.keyId(), k.key());
    }

    @Override
    public void forget(String assetName, Instant keep) {
        ContentKeyStore.forget(state, assetName, keep);
    }
}
