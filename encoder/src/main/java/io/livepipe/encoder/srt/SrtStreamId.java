package io.livepipe.encoder.srt;

/**
 * What a caller's SRT stream id names: the channel's stream key, an optional stream name, and
 * which input (primary or backup). Two forms are accepted: plain, {@code KEY},
 * {@code KEY/NAME}, {@code live/KEY[/NAME]} or {@code backup/KEY[/NAME]}; and SRT's access
 * control syntax (SRT Access Control guidelines, "Standard Keys"),
 * {@code #!::r=RESOURCE,m=publish} where the resource takes the plain form, {@code m} must be
 * {@code publish} when given and {@code t} must be {@code stream}; {@code u}, {@code h} and
 * {@code s} are ignored. The key never appears in {@link #toString()}.
 */
record SrtStreamId(String streamKey, String streamName, boolean backup) {
    /** SRT's own bound on a stream id. */
    static final int MAX_LENGTH = 512;
    static final int MAX_SEGMENT = 256;

    /** Why a stream id was refused, with the SRT reject reason that says it. */
    static final class Invalid extends Exception {
        final int rejectReason;

        Invalid(int rejectReason, String message) {
            super(message);
            this.rejectReason = rejectReason;
        }
    }

    static SrtStreamId parse(String id) throws Invalid {
        if (id == null || id.isEmpty()) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "no stream id: set streamid to the stream key");
        if (id.length() > MAX_LENGTH) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "stream id longer than " + MAX_LENGTH);
        String resource = id;
        if (id.startsWith("#!::")) {
            resource = null;
            for (String pair : id.substring(4).split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "access control stream id with an item that is not key=value");
                String key = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                switch (key) {
                    case "r" -> resource = value;
                    case "m" -> {
                        if (!value.equals("publish")) throw new Invalid(LibSrt.REJX_BAD_MODE, "mode " + value + " is not offered; only m=publish");
                    }
                    case "t" -> {
                        if (!value.equals("stream")) throw new Invalid(LibSrt.REJX_BAD_MODE, "type " + value + " is not offered; only t=stream");
                    }
                    default -> { }
                }
            }
            if (resource == null) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "access control stream id without r=STREAM_KEY");
        }
        String[] parts = resource.split("/", -1);
        boolean backup = false;
        int first = 0;
        if (parts.length > 1 && (parts[0].equals("live") || parts[0].equals("backup"))) {
            backup = parts[0].equals("backup");
            first = 1;
        }
        int n = parts.length - first;
        if (n < 1 || n > 2) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "stream id must be KEY, KEY/NAME, live/KEY[/NAME] or backup/KEY[/NAME]");
        for (int i = first; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > MAX_SEGMENT) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "empty or over-long stream id segment");
            for (char c : parts[i].toCharArray()) {
                if (c < 0x21 || c > 0x7e) throw new Invalid(LibSrt.REJX_BAD_REQUEST, "stream id with a character outside printable ASCII");
            }
        }
        return new SrtStreamId(parts[first], n == 2 ? parts[first + 1] : null, backup);
    }

    @Override
    public String toString() { return "SrtStreamId[streamName=" + streamName + ", backup=" + backup + "]"; }
}
