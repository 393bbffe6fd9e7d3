package io.livepipe.encoder.ingest;

import java.net.InetSocketAddress;

/**
 * An encoder asks to publish: the stream key and optional stream name from its URL
 * ({@code /live/{streamKey}[/{streamName}]}), the URL it used, where it connects from and the
 * port it reached. Its {@code toString} never shows the key.
 */
public record PublishRequest(String streamKey, String streamName, String ingestUrl, InetSocketAddress remote, int localPort) {
    @Override
    public String toString() {
        return "PublishRequest[remote=" + remote + ", streamName=" + streamName + "]";
    }
}
