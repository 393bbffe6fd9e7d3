package io.livepipe.encoder.publish;

import java.net.InetSocketAddress;

/**
 * An encoder asks to publish: the stream key and optional stream name from its URL
 * ({@code /live/{streamKey}[/{streamName}]}), the URL it used, where it connects from, the
 * port it reached and which of the channel's inputs it publishes to (the backup's URLs are
 * {@code /backup/...}). Its {@code toString} never shows the key.
 */
public record PublishRequest(String streamKey, String streamName, String ingestUrl, InetSocketAddress remote, int localPort,
                             IngestInput input) {
    /** A publish to the channel's primary input. */
    public PublishRequest(String streamKey, String streamName, String ingestUrl, InetSocketAddress remote, int localPort) {
        this(streamKey, streamName, ingestUrl, remote, localPort, IngestInput.PRIMARY);
    }

    @Override
    public String toString() {
        return "PublishRequest[remote=" + remote + ", streamName=" + streamName + ", input=" + input + "]";
    }
}
