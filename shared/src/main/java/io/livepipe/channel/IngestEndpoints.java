package io.livepipe.channel;

/**
 * Where an encoder publishes and where the channel's preview is had: {@code rtmp} is
 * {@code rtmp://HOST:PORT/live/{streamKey}} (encoders may also append {@code /{streamName}});
 * {@code preview} is the function-key-protected route that hands out a short-lived preview URL.
 */
public record IngestEndpoints(String rtmp, String rtmpWithStreamName, String preview) {

    /** Builds the URLs a user is given, from the public host and ports. */
    public static IngestEndpoints of(String host, int rtmpPort, int httpPort, String channel, String streamKey) {
        String base = "rtmp://" + host + ":" + rtmpPort + "/live/" + streamKey;
        return new IngestEndpoints(base, base + "/" + channel,
                "http://" + host + ":" + httpPort + "/api/channels/" + channel + "/preview");
    }
}
