package io.livepipe.protection;

import io.livepipe.media.TrackType;

/** One of an asset's content keys and the tracks it encrypts: one track type, or every track (null). */
public record TrackKey(TrackType track, ContentKey key) { }
