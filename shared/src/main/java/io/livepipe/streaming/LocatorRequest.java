package io.livepipe.streaming;

/**
 * The JSON body of a locator create: the asset, the streaming policy ({@code clear} by default,
 * {@code envelope}, {@code cenc}, {@code cbcs}), the content key policy of a protected one, an
 * optional window in seconds, and {@code keyPerTrackType} (a key for video and another for
 * audio; fixed by the asset's first protected locator).
 */
public record LocatorRequest(String assetName, String streamingPolicy, Double startTime, Double endTime, String contentKeyPolicyName,
                             Boolean keyPerTrackType) { }
