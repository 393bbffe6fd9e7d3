package io.livepipe.protection;

import io.livepipe.http.Refusal;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorService;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.TokenRejectedException;
import io.livepipe.token.TokenRestriction;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one gate in front of every key release (HLS key delivery, ClearKey and DRM licenses): the
 * locator must exist and have a content key policy; an open policy lets anyone have the key, a
 * token policy demands a token that passes {@link PlaybackTokenVerifier} for this locator (and
 * key, if the policy binds keys); the key must be one of the locator's asset. The token is
 * checked before the key is looked up, so an unauthorized caller learns nothing about keys.
 * {@link #release} is the gate for players' requests: it uses again what it looked up for the same
 * locator and key within {@link KeyGrants#FRESH_FOR} ({@link KeyGrants}), checking the token each
 * time.
 */
public final class KeyAuthorizer {
    private final LocatorService locators;
    private final ContentKeyPolicyService policies;
    private final ContentKeyStore keys;
    private final PlaybackTokenVerifier verifier;
    private final KeyGrants grants;

    public KeyAuthorizer(LocatorService locators, ContentKeyPolicyService policies, ContentKeyStore keys, PlaybackTokenVerifier verifier,
            KeyGrants grants) {
        this.locators = locators;
        this.policies = policies;
        this.keys = keys;
        this.verifier = verifier;
        this.grants = grants;
    }

    /**
     * The key {@code keyId} of locator {@code locatorId}'s asset for a player presenting {@code
     * token}, as {@link #authorize(Locator, String, String, UUID)} under the locator's own policy:
     * 404 if there is no such locator; {@code admit} sees the locator first and throws to refuse
     * it (a streaming policy that hands out no such keys, say). What was looked up for the same
     * locator and key less than {@link KeyGrants#FRESH_FOR} ago is used again; the token never is.
     */
    public ContentKey release(String locatorId, UUID keyId, String token, Consumer<Locator> admit) {
        Optional<KeyGrants.Grant> known = keyId == null ? Optional.empty() : grants.find(locatorId, keyId);
        if (known.isPresent()) {
            KeyGrants.Grant g = known.get();
            admit.accept(g.locator());
            if (g.restriction() != null) verifier.verify(token, g.restriction(), g.locator().id(), keyId);
            return g.key();
        }
        Locator locator = locators.find(locatorId).orElseThrow(() -> Refusal.notFound("no such locator"));
        admit.accept(locator);
        return lookUp(locator, locator.contentKeyPolicyName(), token, keyId, true);
    }

    /**
     * The key {@code keyId} of {@code locator}'s asset (a locator the caller has just found
     * published), if {@code token} (null when none was presented) satisfies policy {@code
     * policyName}, all read afresh. Throws {@link TokenRejectedException} (401/403) for a token
     * that does not, {@link Refusal} (403 no policy, 404 no such key) otherwise.
     */
    public ContentKey authorize(Locator locator, String policyName, String token, UUID keyId) {
        return lookUp(locator, policyName, token, keyId, false);
    }

    /** Policy, token, then key, read afresh; a release is remembered in {@link #grants} if {@code remember}. */
    private ContentKey lookUp(Locator locator, String policyName, String token, UUID keyId, boolean remember) {
        if (keyId == null) throw Refusal.badRequest("a key id is required");
        if (policyName == null) throw Refusal.forbidden("the locator has no content key policy");
        ContentKeyPolicy policy = policies.find(policyName)
                .orElseThrow(() -> Refusal.forbidden("the locator's content key policy " + policyName + " does not exist"));
        TokenRestriction restriction = policy.isOpen() ? null : policies.restriction(policy);
        if (restriction != null) verifier.verify(token, restriction, locator.id(), keyId);
        ContentKey key = keys.existing(locator.assetName(), locator.assetCreated()).flatMap(k -> k.find(keyId))
                .orElseThrow(() -> Refusal.notFound("the locator has no key " + keyId));
        if (remember) grants.remember(locator, restriction, key);
        return key;
    }
}
