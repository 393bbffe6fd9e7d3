package io.livepipe.channel;

import java.time.Duration;
import java.util.List;

/**
 * What a user sends to create or update a channel. Absent fields (null) keep their current
 * value on update and take the default on create.
 */
public record ChannelSpec(String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                          List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord,
                          Duration reconnectWindow, List<Ladder.Rung> customLadder, String srtPassphrase, List<String> streamOptions) {

    public ChannelSpec(String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                       List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord, Duration reconnectWindow,
                       List<Ladder.Rung> customLadder, String srtPassphrase) {
        this(description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                customLadder, srtPassphrase, null);
    }

    public ChannelSpec(String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                       List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord, Duration reconnectWindow,
                       List<Ladder.Rung> customLadder) {
        this(description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                customLadder, null);
    }

    public ChannelSpec(String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                       List<String> ingestAllowList, List<String> previewAllowList, Boolean autoRecord, Duration reconnectWindow) {
        this(description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow, null);
    }

    /** True if this spec changes what only a stopped channel may change (the encoding). */
    public boolean changesEncoding(Channel c) {
        return (mode != null && mode != c.mode())
                || (ladderPreset != null && !ladderPreset.equals(c.ladderPreset()))
                || (keyFrameInterval != null && !keyFrameInterval.equals(c.keyFrameInterval()))
                || (customLadder != null && !customLadder.equals(c.customLadder()))
                || (streamOptions != null && Channel.lowLatency(streamOptions) != c.lowLatency());
    }

    /**
     * The channel {@code c} with this spec's changes, at {@code at}; a passphrase given is checked
     * and sealed with {@code seal} ({@code ""} removes it).
     */
    public Channel applyTo(Channel c, java.time.Instant at, SecretSeal seal) {
        ChannelMode m = mode != null ? mode : c.mode();
        return new Channel(c.name(),
                description != null ? description : c.description(),
                m,
                ladderPreset != null ? ladderPreset : (m == c.mode() ? c.ladderPreset() : null),
                keyFrameInterval != null ? keyFrameInterval : c.keyFrameInterval(),
                ingestAllowList != null ? new IpAllowList(ingestAllowList) : c.ingestAllowList(),
                previewAllowList != null ? new IpAllowList(previewAllowList) : c.previewAllowList(),
                autoRecord != null ? autoRecord : c.autoRecord(),
                reconnectWindow != null ? reconnectWindow : c.reconnectWindow(),
                c.state(), c.streamKeyDigest(), c.runId(), c.created(), at,
                customLadder != null ? customLadder : (m == c.mode() ? c.customLadder() : List.of()),
                srtPassphrase == null ? c.srtPassphraseSealed()
                        : srtPassphrase.isEmpty() ? null : seal.seal(Channel.requireSrtPassphrase(srtPassphrase)),
                streamOptions != null ? Channel.lowLatency(streamOptions) : c.lowLatency());
    }

    @Override
    public String toString() { return "ChannelSpec[mode=" + mode + ", srtPassphrase=" + (srtPassphrase == null ? "unchanged" : "given") + "]"; }
}
