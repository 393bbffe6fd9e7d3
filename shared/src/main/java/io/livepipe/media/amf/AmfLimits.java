package io.livepipe.media.amf;

/** Bounds on AMF input, checked before anything is allocated. */
public final class AmfLimits {
    /** Objects and arrays nested deeper than this are refused. */
    public static final int MAX_DEPTH = 16;
    /** Longest string (bytes), including AMF0 long strings. */
    public static final int MAX_STRING = 64 * 1024;
    /** Most entries in one object or array. */
    public static final int MAX_ENTRIES = 1024;
    /** Most values in one message. */
    public static final int MAX_VALUES = 64;

    private AmfLimits() { }
}
