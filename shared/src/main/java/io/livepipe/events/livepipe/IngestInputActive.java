package io.livepipe.events.livepipe;

/**
 * Data of {@code Livepipe.IngestInputActive}: which of a channel's inputs ({@code primary} or
 * {@code backup}) is archived now, since when and why. {@code reason} is {@code connected} (the
 * first input of a session), {@code failover_disconnected} (the active input left) or
 * {@code failover_stalled} (the active input delivered nothing for the failover threshold);
 * {@code previousInput} is the input that was active before (empty for {@code connected}).
 * {@code discontinuity} says whether the archive carries a marked discontinuity at the switch
 * (the inputs' timestamps did not line up); {@code timestamp} (milliseconds, a string as in the
 * Media Services events) is the first archived timestamp of the new input.
 */
public record IngestInputActive(String channelName, String runId, String input, String previousInput, String reason,
                                boolean discontinuity, String encoderIp, String encoderPort, String timestamp) { }
