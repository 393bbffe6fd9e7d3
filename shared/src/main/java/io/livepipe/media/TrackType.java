package io.livepipe.media;

/** The kind of an elementary stream; names as Media Services events spell them. */
public enum TrackType {
    VIDEO("video"), AUDIO("audio");

    private final String wireName;

    TrackType(String wireName) { this.wireName = wireName; }

    /** {@code video} or {@code audio}, as in the events' {@code trackType}. */
    public String wireName() { return wireName; }
}
