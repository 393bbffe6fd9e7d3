package io.livepipe.events.livepipe;

import java.time.Instant;

/** Data of {@code Livepipe.ProgramStarted}, {@code Livepipe.ProgramStopped} and {@code Livepipe.AssetSealed}. */
public record ProgramChanged(String channelName, String programName, String assetName, String state, Instant started,
                             Instant stopped) { }
