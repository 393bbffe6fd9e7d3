package io.livepipe.arm;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What only the retired service had, kept beside livepipe's own documents under {@code arm/} in
 * the state store. livepipe's documents stay the truth for everything both faces know.
 */
final class ArmDocuments {
    static final String PREFIX = "arm/";

    private ArmDocuments() { }

    /** A live event's AMS-only settings; {@code accessTokenSealed} is the stream key, sealed under the key-encryption key. */
    record LiveEvent(String name, String location, Map<String, String> tags, String encodingType, String presetName,
                     String streamingProtocol, String accessTokenSealed, boolean useStaticHostname, String hostnamePrefix,
                     String description) {
        static String path(String name) { return PREFIX + "liveEvents/" + name.toLowerCase(java.util.Locale.ROOT) + ".json"; }
    }

    /** An asset created through ARM: its AMS id and text, and its existence before anything records into it. */
    record Asset(String name, String assetId, String description, String alternateId, Instant created) {
        static String path(String name) { return PREFIX + "assets/" + name + ".json"; }
    }

    /** A live output's AMS-only settings. */
    record LiveOutput(String liveEvent, String name, String description, String manifestName, Duration rewindWindowLength,
                      Integer fragmentsPerTsSegment) {
        static String path(String liveEvent, String name) { return PREFIX + "liveOutputs/" + liveEvent.toLowerCase(java.util.Locale.ROOT) + "/" + name + ".json"; }
    }

    /** A named streaming locator: the name ARM knows it by, and livepipe's locator id. */
    record Locator(String name, String id, String streamingPolicyName, String defaultContentKeyPolicyName, Instant created) {
        static String path(String name) { return PREFIX + "streamingLocators/" + name + ".json"; }
    }

    /** A long-running operation's outcome, as the client polls it. */
    record Operation(String id, String status, Instant startTime, Instant endTime) {
        static String path(String id) { return PREFIX + "operations/" + id + ".json"; }
    }
}
