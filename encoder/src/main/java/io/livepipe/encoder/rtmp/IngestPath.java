package io.livepipe.encoder.rtmp;

/**
 * The input (primary {@code live}, or the channel's {@code backup}), stream key and optional
 * stream name of an RTMP ingest URL. Encoders split
 * {@code rtmp://HOST/live/{key}} into app {@code live} and name {@code {key}}, and
 * {@code rtmp://HOST/live/{key}/{name}} into app {@code live/{key}} and name {@code {name}};
 * either way the path is {@code live/{key}[/{name}]} (or {@code backup/{key}[/{name}]}). Query
 * strings are dropped.
 */
record IngestPath(boolean backup, String streamKey, String streamName) {
    static final int MAX_SEGMENT = 256;
    static final String APP = io.livepipe.channel.IngestEndpoints.APP;
    static final String BACKUP_APP = io.livepipe.channel.IngestEndpoints.BACKUP_APP;

    static IngestPath parse(String app, String publishName) {
        String a = stripQuery(app == null ? "" : app);
        String n = stripQuery(publishName == null ? "" : publishName);
        String path = a.isEmpty() ? n : n.isEmpty() ? a : a + "/" + n;
        String[] parts = path.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || !(parts[0].equals(APP) || parts[0].equals(BACKUP_APP))) {
            throw new IllegalArgumentException("ingest URL must be rtmp://HOST:PORT/live/{streamKey}[/{streamName}] (or /backup/...)");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > MAX_SEGMENT) throw new IllegalArgumentException("empty or over-long segment in the ingest URL");
        }
        return new IngestPath(parts[0].equals(BACKUP_APP), parts[1], parts.length == 3 ? parts[2] : null);
    }

    private static String stripQuery(String s) {
        int q = s.indexOf('?');
        String t = q < 0 ? s : s.substring(0, q);
        while (t.startsWith("/")) t = t.substring(1);
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }

    @Override
    public String toString() { return "IngestPath[backup=" + backup + ", streamName=" + streamName + "]"; }
}
