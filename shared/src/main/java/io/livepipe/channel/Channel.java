package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A channel document: an ingest point with its settings and lifecycle state. The stream key
 * itself is never kept, only its digest (see {@link StreamKey}). An encoding channel uses
 * {@code customLadder} when it has one, else its {@code ladderPreset}. {@code runId} names the
 * current run: segments are written under it, and a start or reset begins a new one.
 * {@code srtPassphraseSealed} (null: none) is the AES passphrase SRT callers must use, sealed
 * ({@link SecretSeal}: wrapped under the key-encryption key); the passphrase is a secret, never
 * kept in plaintext, never shown by the API, in events or logs ({@link #toString()} leaves it out).
 * {@code lowLatency} (the API's {@code streamOptions: ["LowLatency"]}, as the retired service named
 * it): the encoder also cuts chunked CMAF parts and serves LL-HLS from memory (docs/streaming.md).
 */
public record Channel(
        String name, String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
        IpAllowList ingestAllowList, IpAllowList previewAllowList, boolean autoRecord, Duration reconnectWindow,
        ChannelState state, String streamKeyDigest, String runId, Instant created, Instant lastModified,
        List<Ladder.Rung> customLadder, String srtPassphraseSealed, boolean lowLatency) {

    /** The API's name of the low-latency stream option. */
    public static final String LOW_LATENCY = "LowLatency";

    public static final Duration MIN_KEY_FRAME_INTERVAL = Duration.ofMillis(500);
    public static final Duration MAX_KEY_FRAME_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_KEY_FRAME_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(60);
    public static final Duration MAX_RECONNECT_WINDOW = Duration.ofHours(1);
    public static final int MAX_DESCRIPTION = 1024;
    /** SRTO_PASSPHRASE's bounds (libsrt). */
    public static final int MIN_SRT_PASSPHRASE = 10;
    public static final int MAX_SRT_PASSPHRASE = 79;

    /** A channel without an SRT passphrase. */
    public Channel(String name, String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                   IpAllowList ingestAllowList, IpAllowList previewAllowList, boolean autoRecord, Duration reconnectWindow,
                   ChannelState state, String streamKeyDigest, String runId, Instant created, Instant lastModified,
                   List<Ladder.Rung> customLadder) {
        this(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                state, streamKeyDigest, runId, created, lastModified, customLadder, null, false);
    }

    /** A channel without low latency. */
    public Channel(String name, String description, ChannelMode mode, String ladderPreset, Duration keyFrameInterval,
                   IpAllowList ingestAllowList, IpAllowList previewAllowList, boolean autoRecord, Duration reconnectWindow,
                   ChannelState state, String streamKeyDigest, String runId, Instant created, Instant lastModified,
                   List<Ladder.Rung> customLadder, String srtPassphraseSealed) {
        this(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList, autoRecord, reconnectWindow,
                state, streamKeyDigest, runId, created, lastModified, customLadder, srtPassphraseSealed, false);
    }

    public Channel {
        ChannelName.require(name);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(streamKeyDigest, "streamKeyDigest");
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION) throw Refusal.badRequest("description longer than " + MAX_DESCRIPTION);
        keyFrameInterval = keyFrameInterval == null ? DEFAULT_KEY_FRAME_INTERVAL : keyFrameInterval;
        if (keyFrameInterval.compareTo(MIN_KEY_FRAME_INTERVAL) < 0 || keyFrameInterval.compareTo(MAX_KEY_FRAME_INTERVAL) > 0) {
            throw Refusal.badRequest("keyFrameInterval must be between PT0.5S and PT20S");
        }
        reconnectWindow = reconnectWindow == null ? DEFAULT_RECONNECT_WINDOW : reconnectWindow;
        if (reconnectWindow.isNegative() || reconnectWindow.compareTo(MAX_RECONNECT_WINDOW) > 0) {
            throw Refusal.badRequest("reconnectWindow must be between PT0S and PT1H");
        }
        customLadder = customLadder == null ? List.of() : List.copyOf(customLadder);
        if (mode == ChannelMode.ENCODE) {
            ladderPreset = ladderPreset == null ? LadderPresets.DEFAULT : ladderPreset;
            LadderPresets.require(ladderPreset);
            Ladder.validate(customLadder);
        } else {
            ladderPreset = null;
            if (!customLadder.isEmpty()) throw Refusal.badRequest("a custom ladder needs mode encode");
        }
        if (srtPassphraseSealed != null && srtPassphraseSealed.isEmpty()) srtPassphraseSealed = null;
        ingestAllowList = ingestAllowList == null ? IpAllowList.anyone() : ingestAllowList;
        previewAllowList = previewAllowList == null ? IpAllowList.anyone() : previewAllowList;
    }

    /** An SRT passphrase as libsrt takes it (SRTO_PASSPHRASE: 10 to 79 printable ASCII characters), or 400. */
    public static String requireSrtPassphrase(String passphrase) {
        if (passphrase.length() < MIN_SRT_PASSPHRASE || passphrase.length() > MAX_SRT_PASSPHRASE
                || !passphrase.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw Refusal.badRequest("srtPassphrase must be 10 to 79 printable ASCII characters");
        }
        return passphrase;
    }

    /** The ladder this channel encodes to (live-encoding channels only). */
    public Ladder ladder() {
        Ladder preset = Ladder.preset(ladderPreset);
        return customLadder.isEmpty() ? preset : new Ladder("custom", customLadder, preset.audioBitrate(), preset.maxFrameRate());
    }

    public Channel withState(ChannelState s, String run, Instant at) {
        return new Channel(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList,
                autoRecord, reconnectWindow, s, streamKeyDigest, run, created, at, customLadder, srtPassphraseSealed, lowLatency);
    }

    public Channel withStreamKeyDigest(String digest, Instant at) {
        return new Channel(name, description, mode, ladderPreset, keyFrameInterval, ingestAllowList, previewAllowList,
                autoRecord, reconnectWindow, state, digest, runId, created, at, customLadder, srtPassphraseSealed, lowLatency);
    }

    /** The API's {@code streamOptions}: {@code ["LowLatency"]} or none. */
    public List<String> streamOptions() { return lowLatency ? List.of(LOW_LATENCY) : List.of(); }

    /**
     * {@code streamOptions} as the API takes them: {@code LowLatency} (any case) turns low latency on,
     * {@code Default} is accepted and means nothing, anything else is 400.
     */
    public static boolean lowLatency(List<String> streamOptions) {
        boolean on = false;
        if (streamOptions.size() > 4) throw Refusal.badRequest("streamOptions takes at most 4 values");
        for (String o : streamOptions) {
            if (o != null && o.equalsIgnoreCase(LOW_LATENCY)) on = true;
            else if (o == null || !o.equalsIgnoreCase("Default")) throw Refusal.badRequest("streamOptions may hold Default and LowLatency");
        }
        return on;
    }

    @Override
    public String toString() {
        return "Channel[name=" + name + ", mode=" + mode + ", state=" + state + ", runId=" + runId + ", lowLatency=" + lowLatency + ", srtPassphrase="
                + (srtPassphraseSealed == null ? "none" : "set") + "]";
    }
}
