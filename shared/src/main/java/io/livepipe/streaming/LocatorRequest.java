package io.livepipe.streaming;

/** The JSON body of a locator create: the asset, the policy ({@code clear}), an optional window in seconds. */
public record LocatorRequest(String assetName, String streamingPolicy, Double startTime, Double endTime) { }
