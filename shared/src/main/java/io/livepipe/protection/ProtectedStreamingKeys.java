package io.livepipe.protection;

import io.livepipe.media.TrackType;
import io.livepipe.streaming.Protection;
import io.livepipe.streaming.StreamingException;
import io.livepipe.streaming.StreamingKeys;
import java.util.function.Supplier;

/**
 * The streaming endpoint's keys over the content key store and policies. The store is opened on
 * first use, so that a platform serving only clear locators needs no key-encryption key.
 */
public final class ProtectedStreamingKeys implements StreamingKeys {
    private final Supplier<ContentKeyStore> store;
    private final Supplier<ContentKeyPolicyService> policies;

    public ProtectedStreamingKeys(Supplier<ContentKeyStore> store, Supplier<ContentKeyPolicyService> policies) {
        this.store = store;
        this.policies = policies;
    }

    @Override
    public void prepare(String assetName, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType) {
        if (scheme == Protection.Scheme.CLEAR) {
            if (contentKeyPolicyName != null) throw new StreamingException(400, "a clear locator takes no contentKeyPolicyName");
            return;
        }
        if (contentKeyPolicyName == null) {
            throw new StreamingException(400, "a " + scheme.policy() + " locator needs a contentKeyPolicyName");
        }
        try {
            if (policies.get().find(contentKeyPolicyName).isEmpty()) {
                throw new StreamingException(404, "no content key policy " + contentKeyPolicyName);
            }
            if (keyPerTrackType == null) store.get().keys(assetName);
            else store.get().keys(assetName, keyPerTrackType);
        } catch (ProtectionException e) {
            throw new StreamingException(e.status() == 409 ? 409 : 400, e.getMessage());
        }
    }

    @Override
    public Key key(String assetName, TrackType type) {
        ContentKey k = store.get().keys(assetName).forTrack(type);
        return new Key(k.keyId(), k.key());
    }
}
