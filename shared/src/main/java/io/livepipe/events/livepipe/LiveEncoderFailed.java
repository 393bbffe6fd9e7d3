package io.livepipe.events.livepipe;

/** Data of {@code Livepipe.LiveEncoderFailed}: FFmpeg exited while encoding a channel and was started again. */
public record LiveEncoderFailed(String channelName, String runId, int exitCode, boolean restarted) { }
