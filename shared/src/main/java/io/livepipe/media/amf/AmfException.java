package io.livepipe.media.amf;

/** Malformed or over-limit AMF: says what and at which offset. */
public final class AmfException extends RuntimeException {
    public AmfException(String message, int offset) { super(message + " at offset " + offset); }
}
