package io.livepipe.channel;

/**
 * Where an encoder publishes and where the channel's preview is had: {@code srt} is
 * {@code srt://HOST:PORT?streamid={streamKey}} and {@code srtBackup} the backup input's
 * {@code ...?streamid=backup/{streamKey}} (null when SRT ingest is off); {@code rtmp} is
 * {@code rtmp://HOST:PORT/live/{streamKey}} (encoders may also append {@code /{streamName}});
 * {@code rtmpBackup} is the channel's second input, {@code rtmp://HOST:PORT/backup/{streamKey}},
 * for a redundant encoder (or the same encoder's second output) publishing at the same time;
 * {@code rtmps} and {@code rtmpsBackup} are the same two inputs over TLS on the RTMPS port;
 * {@code push} is the base of HTTP push ingest, {@code http://HOST:PORT/ingest/{streamKey}}, under
 * which an encoder POSTs or PUTs fragmented MP4 with names of its own ({@code .../Streams(name)}
 * for Smooth ingest, {@code .../init-stream0.m4s} and so on for DASH);
 * {@code preview} is the function-key-protected route that hands out a short-lived preview URL.
 */
public record IngestEndpoints(String rtmp, String rtmpWithStreamName, String rtmpBackup, String rtmps, String rtmpsBackup,
                              String push, String preview, String srt, String srtBackup) {
    /** The ingest application every primary ingest URL's path starts with. */
    public static final String APP = "live";
    /** The application of the backup input's URLs. */
    public static final String BACKUP_APP = "backup";
    /** The first path segment of HTTP push ingest URLs. */
    public static final String PUSH_APP = "ingest";

    /** RTMPS's port unless configured otherwise: the one Media Services used. */
    public static final int DEFAULT_RTMPS_PORT = 2935;

    /**
     * The ports ingest URLs name: RTMP, RTMPS, SRT (negative: SRT ingest is off, no SRT URLs),
     * HTTP push ingest (the encoder's HTTP port) and the HTTP host of previews.
     */
    public record Ports(int rtmp, int rtmps, int srt, int push, int http) { }

    /** Builds the URLs a user is given, from the public host and ports. */
    public static IngestEndpoints of(String host, Ports ports, String channel, String streamKey) {
        String base = "rtmp://" + host + ":" + ports.rtmp() + "/" + APP + "/" + streamKey;
        String tls = "rtmps://" + host + ":" + ports.rtmps() + "/";
        String srt = ports.srt() < 0 ? null : "srt://" + host + ":" + ports.srt() + "?streamid=";
        return new IngestEndpoints(base, base + "/" + channel, "rtmp://" + host + ":" + ports.rtmp() + "/" + BACKUP_APP + "/" + streamKey,
                tls + APP + "/" + streamKey, tls + BACKUP_APP + "/" + streamKey,
                "http://" + host + ":" + ports.push() + "/" + PUSH_APP + "/" + streamKey,
                "http://" + host + ":" + ports.http() + "/api/channels/" + channel + "/preview",
                srt == null ? null : srt + streamKey, srt == null ? null : srt + BACKUP_APP + "/" + streamKey);
    }

    /** As {@link #of(String, Ports, String, String)} with RTMPS on {@link #DEFAULT_RTMPS_PORT}, SRT off and push ingest on {@code httpPort}. */
    public static IngestEndpoints of(String host, int rtmpPort, int httpPort, String channel, String streamKey) {
        return of(host, new Ports(rtmpPort, DEFAULT_RTMPS_PORT, -1, httpPort, httpPort), channel, streamKey);
    }

    /** LIVEPIPE_SRT_PORT's value as a port, or -1 when SRT ingest is {@code off}. */
    public static int srtPort(String setting) {
        return setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("off") ? -1 : Integer.parseInt(setting.strip());
    }

    /**
     * An ingest URL as events, documents and logs may carry it: scheme, host, port and the
     * {@code /live} application, with every path segment after it (the stream key, and a stream
     * name after it) and any query dropped — {@code rtmp://h:1935/live/KEY/name} and
     * {@code rtmp://h:1935/live/KEY} both become {@code rtmp://h:1935/live}; the stream name is
     * the events' {@code streamId}. The backup input's {@code /backup} application is kept the same
     * way, so events say which input they are about, and so is HTTP push's {@code /ingest}. A URL not of that form keeps only its scheme and authority.
     * Null stays null.
     */
    public static String withoutStreamKey(String url) {
        if (url == null) return null;
        int scheme = url.indexOf("://");
        if (scheme < 0) return "";
        int path = url.indexOf('/', scheme + 3);
        int query = url.indexOf('?', scheme + 3);
        int end = path < 0 ? (query < 0 ? url.length() : query) : (query >= 0 && query < path ? query : path);
        String authority = url.substring(0, end);
        if (authority.contains("@")) authority = url.substring(0, scheme + 3) + authority.substring(authority.lastIndexOf('@') + 1);
        for (String app : new String[] {APP, BACKUP_APP, PUSH_APP}) {
            if (end == path && url.startsWith("/" + app, path)) {
                int after = path + 1 + app.length();
                if (after == url.length() || url.charAt(after) == '/' || url.charAt(after) == '?') return authority + "/" + app;
            }
        }
        return authority;
    }
}
