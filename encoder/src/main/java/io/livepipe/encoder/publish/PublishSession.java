package io.livepipe.encoder.publish;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.Map;

/**
 * An accepted publisher's stream, as the ingest protocol delivers it, on one thread at a time
 * and in arrival order. {@link #onClosed} comes exactly once, last.
 */
public interface PublishSession {
    /** The publish was accepted and confirmed to the encoder; {@code connection} can end it. */
    default void onStart(IngestConnection connection) { }

    /** The encoder's {@code onMetaData}: declared bitrates, sizes, frame rate, encoder name. */
    void onMetadata(Map<String, Object> metadata);

    void onCodecConfig(CodecConfig config);

    void onSample(MediaSample sample);

    /**
     * A codec livepipe does not ingest. The protocol closes the connection after this with
     * {@code MPE_INGEST_CODEC_NOT_SUPPORTED}.
     */
    void onUnsupportedCodec(TrackType type, String codec);

    /**
     * Media of {@code type} was lost in transport (an MPEG-TS continuity-counter gap): the next
     * sample of that track follows a hole, reported as a TrackDiscontinuityDetected.
     */
    default void onDiscontinuity(TrackType type) { }

    /** The channel the publish was accepted for, as log lines name it (never the stream key); empty if none. */
    default String channelName() { return ""; }

    /**
     * How an ingest log line names a connection: {@code remote=<address>}, and once a publish is
     * accepted {@code channel=<name>} beside it.
     */
    static String who(String remote, PublishSession session) {
        String channel = session == null ? "" : session.channelName();
        return "remote=" + remote + (channel.isEmpty() ? "" : " channel=" + channel);
    }

    /** The session ended, with a Media Services result code saying why. */
    void onClosed(String resultCode);
}
