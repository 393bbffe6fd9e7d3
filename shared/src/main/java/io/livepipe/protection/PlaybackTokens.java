package io.livepipe.protection;

import io.livepipe.http.Refusal;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorService;
import io.livepipe.token.IssuedToken;
import io.livepipe.token.PlaybackTokenIssuer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Tokens for a published locator: the locator must exist; with {@code bindToKey} the token
 * carries the content key identifier of its asset's key (made now if the asset has none yet, so
 * the token and the packager agree on it).
 */
public final class PlaybackTokens {
    private final LocatorService locators;
    private final ContentKeyStore keys;
    private final PlaybackTokenIssuer issuer;

    public PlaybackTokens(LocatorService locators, ContentKeyStore keys, PlaybackTokenIssuer issuer) {
        this.locators = locators;
        this.keys = keys;
        this.issuer = issuer;
    }

    public IssuedToken issue(String locatorId, TokenRequest request) {
        TokenRequest r = request == null ? TokenRequest.defaults() : request;
        Locator locator = locators.find(locatorId).orElseThrow(() -> Refusal.notFound("no locator " + locatorId));
        Duration validFor = null;
        if (r.validFor() != null) {
            try {
                validFor = Duration.parse(r.validFor());
            } catch (DateTimeParseException e) {
                throw Refusal.badRequest("validFor must be an ISO-8601 duration such as PT1H");
            }
        }
        UUID keyId = null;
        if (Boolean.TRUE.equals(r.bindToKey())) {
            List<ContentKey> assetKeys = keys.keys(locator.assetName(), locator.assetCreated()).contentKeys();
            if (assetKeys.size() != 1) {
                throw Refusal.conflict("asset " + locator.assetName() + " has a key per track type; a token binds to one key");
            }
            keyId = assetKeys.get(0).keyId();
        }
        try {
            return issuer.issue(locator.id(), validFor, r.claims(), keyId);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(e.getMessage());
        }
    }
}
