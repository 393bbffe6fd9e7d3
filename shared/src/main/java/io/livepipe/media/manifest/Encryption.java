package io.livepipe.media.manifest;

import io.livepipe.media.TrackType;
import java.util.Map;

/**
 * How a presentation is encrypted, as its manifests signal it: the method and, per track type,
 * what to say about the key (plain values, never the key itself). {@code ENVELOPE} is HLS
 * AES-128 over whole segments (RFC 8216 §4.3.2.4); {@code CENC} and {@code CBCS} are ISO/IEC
 * 23001-7 common encryption signalled for Widevine, PlayReady and ClearKey (and, for
 * {@code CBCS}, FairPlay).
 */
public record Encryption(Method method, Map<TrackType, KeySignalling> keys) {
    public static final Encryption CLEAR = new Encryption(Method.CLEAR, Map.of());

    public enum Method { CLEAR, ENVELOPE, CENC, CBCS }

    public Encryption {
        keys = Map.copyOf(keys);
        if (method != Method.CLEAR && keys.isEmpty()) throw new IllegalArgumentException(method + " needs a key");
    }

    public boolean clear() { return method == Method.CLEAR; }

    /** The key signalled for a track type: its own where keys are per track type, else the one key. */
    public KeySignalling key(TrackType type) {
        KeySignalling k = keys.get(type);
        return k != null ? k : keys.values().iterator().next();
    }
}
