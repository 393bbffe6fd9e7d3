package io.livepipe.channel;

/** The document at {@code streamkeys/{digest}.json}: which channel a stream key opens. */
public record StreamKeyIndexEntry(String channel) { }
