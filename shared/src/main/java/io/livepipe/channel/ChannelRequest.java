package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The JSON body of a create ({@code name} required) or update (fields given are changed).
 * Durations are ISO-8601 ({@code PT2S}), as the retired service's API had them; {@code ladder}
 * is a custom list of rungs ({@code width}, {@code height}, {@code bitrate}) for encode mode;
 * {@code srtPassphrase} (10-79 characters; {@code ""} removes it) makes SRT callers encrypt;
 * {@code streamOptions} {@code ["LowLatency"]} turns on LL-HLS ({@code []} or {@code ["Default"]} off).
 */
public record ChannelRequest(String name, String description, String mode, String ladderPreset,
                             String keyFrameInterval, List<String> ingestAllowList, List<String> previewAllowList,
                             Boolean autoRecord, String reconnectWindow, List<Ladder.Rung> ladder, String srtPassphrase,
                             List<String> streamOptions) {

    public ChannelRequest(String name, String description, String mode, String ladderPreset, String keyFrameInterval,
                          List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord, String reconnectWindow,
                          List<Ladder.Rung> ladder, String srtPassphrase) {
        this(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                ladder, srtPassphrase, null);
    }

    public ChannelRequest(String name, String description, String mode, String ladderPreset, String keyFrameInterval,
                          List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord, String reconnectWindow,
                          List<Ladder.Rung> ladder) {
        this(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                ladder, null);
    }

    @Override
    public String toString() { return "ChannelRequest[name=" + name + ", srtPassphrase=" + (srtPassphrase == null ? "absent" : "given") + "]"; }

    public ChannelSpec toSpec() {
        return new ChannelSpec(description, mode(mode), ladderPreset, duration("keyFrameInterval", keyFrameInterval),
                ingestAllowList, previewAllowList, autoRecord, duration("reconnectWindow", reconnectWindow), ladder,
                srtPassphrase, streamOptions);
    }

    private static ChannelMode mode(String m) {
        if (m == null) return null;
        return switch (m.toLowerCase(Locale.ROOT)) {
            case "passthrough", "pass-through", "none" -> ChannelMode.PASSTHROUGH;
            case "encode", "encoding", "standard", "premium1080p" -> ChannelMode.ENCODE;
            default -> throw Refusal.badRequest("mode must be passthrough or encode");
        };
    }

    private static Duration duration(String field, String iso) {
        if (iso == null) return null;
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest(field + " must be an ISO-8601 duration such as PT2S");
        }
    }
}
