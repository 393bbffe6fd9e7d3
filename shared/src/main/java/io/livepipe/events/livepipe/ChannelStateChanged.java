package io.livepipe.events.livepipe;

/**
 * Data of {@code Livepipe.ChannelStateChanged}: the channel, the state it left and the one it
 * entered (API names: Stopped, Starting, Running, Stopping), its current run, and why (the
 * operation: create, start, stop, reset, delete).
 */
public record ChannelStateChanged(String channelName, String previousState, String state, String runId,
                                  String reason) { }
