package io.livepipe.protection;

import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.Protection;
import io.livepipe.streaming.StreamingKeys;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The streaming endpoint's keys over the content key store and policies. Both are asked of their
 * suppliers on use, never at construction, so that a platform serving only clear locators needs no
 * key-encryption key (nor does deleting an asset's keys); the suppliers (the service graph's) open
 * each once and keep it.
 *
 * <p>The keys {@link #key} hands out are kept in memory by asset generation (name and creation
 * instant), the version they are stored under: a generation's keys are written once
 * (If-None-Match) and never replaced, so a protected segment pays no store call for them (the
 * content key store would make one properties call per lookup to check its document's ETag).
 * {@link #forget} and {@link #unpublished} drop them; bounded by {@link #MAX_KNOWN}.
 */
public final class ProtectedStreamingKeys implements StreamingKeys {
    private final Supplier<ContentKeyStore> store;
    private final Supplier<ContentKeyPolicyService> policies;
    private final JsonDocuments state;
    private final KeyGrants grants;
    static final int MAX_KNOWN = 1024;
    /** Keys by {@link #generation}, never on disk nor logged. */
    private final Map<String, AssetKeys> known = new ConcurrentHashMap<>();

    public ProtectedStreamingKeys(JsonDocuments state, Supplier<ContentKeyStore> store, Supplier<ContentKeyPolicyService> policies,
            KeyGrants grants) {
        this.state = state;
        this.grants = grants;
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
        String generation = generation(asset.name(), asset.created());
        AssetKeys keys = known.get(generation);
        if (keys == null) {
            keys = store.get().keys(asset.name(), asset.created());
            if (known.size() >= MAX_KNOWN) known.clear();
            known.put(generation, keys);
        }
        ContentKey k = keys.forTrack(type);
        return new Key(k.keyId(), k.key());
    }

    @Override
    public void forget(String assetName, Instant keep) {
        known.keySet().removeIf(g -> g.startsWith(assetName + "/"));
        ContentKeyStore.forget(state, assetName, keep);
        grants.forgetAll();
    }

    @Override
    public void unpublished(String locatorId) {
        known.clear();
        grants.forgetAll();
    }

    int knownCount() { return known.size(); }

    private static String generation(String assetName, Instant created) { return assetName + "/" + created; }
}
