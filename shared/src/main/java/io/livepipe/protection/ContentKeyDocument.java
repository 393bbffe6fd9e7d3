package io.livepipe.protection;

import java.time.Instant;
import java.util.List;

/**
 * The stored form of an asset's keys, {@code contentkeys/{asset}.json}: key ids in the clear,
 * keys only wrapped (RFC 3394, base64). Written once, If-None-Match, and never changed.
 */
public record ContentKeyDocument(String assetName, boolean keyPerTrackType, List<Stored> keys, Instant created) {
    /** One wrapped key; {@code track} is {@code video}, {@code audio}, or null for every track. */
    public record Stored(String keyId, String track, String wrappedKey) { }
}
