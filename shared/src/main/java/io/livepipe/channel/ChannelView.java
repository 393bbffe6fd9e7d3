package io.livepipe.channel;

import java.time.Instant;
import java.util.List;

/**
 * A channel as the management API shows it. The stream key appears only in the answer to a
 * create or a key rotation ({@code streamKey}, {@code ingestUrl} and the backup input's
 * {@code backupIngestUrl}, and the same over TLS: {@code rtmpsIngestUrl}, {@code backupRtmpsIngestUrl}; the base of
 * HTTP push ingest, {@code pushIngestUrl}; with SRT on, {@code srtIngestUrl} and {@code backupSrtIngestUrl});
 * otherwise they are null. {@code srtEncrypted} says whether SRT callers need the channel's
 * passphrase, which is never shown. {@code streamOptions}: {@code ["LowLatency"]} or {@code []}.
 */
public record ChannelView(String name, String description, String mode, String ladderPreset, String keyFrameInterval,
                          List<String> ingestAllowList, List<String> previewAllowList, boolean autoRecord,
                          String reconnectWindow, String state, String runId, Instant created, Instant lastModified,
                          String previewUrl, String streamKey, String ingestUrl, String ingestUrlWithStreamName,
                          String backupIngestUrl, String rtmpsIngestUrl, String backupRtmpsIngestUrl, String pushIngestUrl,
                          List<Ladder.Rung> ladder, boolean srtEncrypted, String srtIngestUrl, String backupSrtIngestUrl,
                          List<String> streamOptions) {

    public static ChannelView of(Channel c, IngestEndpoints withoutKey) {
        return new ChannelView(c.name(), c.description(), c.mode() == ChannelMode.ENCODE ? "encode" : "passthrough",
                c.ladderPreset(), c.keyFrameInterval().toString(), c.ingestAllowList().ranges(),
                c.previewAllowList().ranges(), c.autoRecord(), c.reconnectWindow().toString(), c.state().apiName(),
                c.runId(), c.created(), c.lastModified(), withoutKey.preview(), null, null, null, null, null, null, null,
                c.mode() == ChannelMode.ENCODE ? c.ladder().rungs() : List.of(), c.srtPassphraseSealed() != null, null, null,
                c.streamOptions());
    }

    public static ChannelView created(CreatedChannel cc) {
        ChannelView v = of(cc.channel(), cc.endpoints());
        return new ChannelView(v.name, v.description, v.mode, v.ladderPreset, v.keyFrameInterval, v.ingestAllowList,
                v.previewAllowList, v.autoRecord, v.reconnectWindow, v.state, v.runId, v.created, v.lastModified,
                v.previewUrl, cc.streamKey(), cc.endpoints().rtmp(), cc.endpoints().rtmpWithStreamName(),
                cc.endpoints().rtmpBackup(), cc.endpoints().rtmps(), cc.endpoints().rtmpsBackup(), cc.endpoints().push(), v.ladder,
                v.srtEncrypted, cc.endpoints().srt(), cc.endpoints().srtBackup(), v.streamOptions);
    }

    @Override
    public String toString() { return "ChannelView[" + name + "]"; }
}
