package io.livepipe.encoder.live;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;

/**
 * Where an accepted channel's media goes next (the fragmenter, or FFmpeg's ladder). Calls for
 * one channel come in order on one thread at a time.
 */
public interface ChannelMediaSink {
    void config(String channel, String runId, CodecConfig config);

    void sample(String channel, String runId, MediaSample sample);

    /** The encoder left; a reconnect within the channel's reconnect window continues the run. */
    void disconnected(String channel, String runId);

    static ChannelMediaSink none() {
        return new ChannelMediaSink() {
            @Override public void config(String channel, String runId, CodecConfig config) { }
            @Override public void sample(String channel, String runId, MediaSample sample) { }
            @Override public void disconnected(String channel, String runId) { }
        };
    }
}
