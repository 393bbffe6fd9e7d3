package io.livepipe.protection;

import io.livepipe.http.Refusal;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorService;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.TokenRejectedException;
import java.util.UUID;

/**
 * The one gate in front of every key release (HLS key delivery, ClearKey and DRM licenses): the
 * locator must exist and have a content key policy; an open policy lets anyone have the key, a
 * token policy demands a token that passes {@link PlaybackTokenVerifier} for this locator (and
 * key, if the policy binds keys); the key must be one of the locator's asset. The token is
 * checked before the key is looked up, so an unauthorized caller learns nothing about keys.
 */
public final class KeyAuthorizer {
    private final LocatorService locators;
    private final ContentKeyPolicyService policies;
    private final ContentKeyStore keys;
    private final PlaybackTokenVerifier verifier;

    public KeyAuthorizer(LocatorService locators, ContentKeyPolicyService policies, ContentKeyStore keys, PlaybackTokenVerifier verifier) {
        this.locators = locators;
        this.policies = policies;
        this.keys = keys;
        this.verifier = verifier;
    }

    /**
     * The key {@code keyId} of locator {@code locatorId}'s asset, if {@code token} (null when none
     * was presented) satisfies policy {@code policyName}. Throws {@link TokenRejectedException}
     * (401/403) for a token that does not, {@link Refusal} (403 no policy, 404 no such
     * locator or key) otherwise.
     */
    public ContentKey authorize(String locatorId, String policyName, String token, UUID keyId) {
        if (keyId == null) throw Refusal.badRequest("a key id is required");
        Locator locator = locators.find(locatorId).orElseThrow(() -> Refusal.notFound("no locator " + locatorId));
        return authorize(locator, policyName, token, keyId);
    }

    /** As {@link #authorize(String, String, String, UUID)}, for a locator the caller has just found published. */
    public ContentKey authorize(Locator locator, String policyName, String token, UUID keyId) {
        if (keyId == null) throw Refusal.badRequest("a key id is required");
        if (policyName == null) throw Refusal.forbidden("the locator has no content key policy");
        ContentKeyPolicy policy = policies.find(policyName)
                .orElseThrow(() -> Refusal.forbidden("the locator's content key policy " + policyName + " does not exist"));
        if (!policy.isOpen()) verifier.verify(token, policies.restriction(policy), locator.id(), keyId);
        return keys.existing(locator.assetName(), locator.assetCreated()).flatMap(k -> k.find(keyId))
                .orElseThrow(() -> Refusal.notFound("the locator has no key " + keyId));
    }
}
