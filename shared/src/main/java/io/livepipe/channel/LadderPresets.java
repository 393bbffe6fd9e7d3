package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.util.List;

/** Names of the live-encoding presets, as the retired service called them. */
public final class LadderPresets {
    public static final String DEFAULT_720P = "Default720p";
    public static final String DEFAULT_1080P = "Default1080p";
    public static final String DEFAULT = DEFAULT_720P;
    public static final List<String> NAMES = List.of(DEFAULT_720P, DEFAULT_1080P);

    private LadderPresets() { }

    public static String require(String name) {
        if (!NAMES.contains(name)) throw Refusal.badRequest("unknown ladder preset " + name + "; known: " + NAMES);
        return name;
    }
}
