package io.livepipe.events.livepipe;

/**
 * Data of {@code Livepipe.ChannelLeaseLost}: the encoder replica {@code replica} no longer holds
 * the channel's lease (it was broken, or it could not be renewed in time and may have been
 * taken), so it stopped writing the channel and closed its encoder's connection.
 */
public record ChannelLeaseLost(String channelName, String runId, String replica, String reason) { }
