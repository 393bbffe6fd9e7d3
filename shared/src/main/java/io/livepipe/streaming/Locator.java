package io.livepipe.streaming;

import java.time.Instant;

/**
 * A streaming locator: an unguessable id (128 random bits, hex) publishing one asset with a
 * streaming policy ({@code clear} for now), optionally limited to a time window of the asset
 * (seconds from its start). Kept at {@code locators/{id}.json}; deleting it unpublishes.
 */
public record Locator(String id, String assetName, String streamingPolicy, Double startSeconds, Double endSeconds,
                      Instant created) { }
