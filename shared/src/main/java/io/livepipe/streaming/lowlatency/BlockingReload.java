package io.livepipe.streaming.lowlatency;

import io.livepipe.http.Refusal;
import java.util.Map;

/**
 * The delivery directives of a media playlist request (RFC 8216bis §6.2.5): {@code _HLS_msn=M}
 * (with {@code _HLS_part=P}) asks the server to hold the request until the playlist holds segment
 * M (part P of it); {@code _HLS_skip=YES|v2} asks for a delta update. {@code msn} and {@code part}
 * are -1 when absent. Parsing is strict: decimal digits only, bounded in length, so a bad value is
 * a 400 before anything is held.
 */
public record BlockingReload(long msn, int part, boolean skip) {
    /** Longest media sequence number accepted (10^15: centuries of half-second segments). */
    static final int MAX_MSN_DIGITS = 15;
    static final int MAX_PART_DIGITS = 6;

    public static final BlockingReload NONE = new BlockingReload(-1, -1, false);

    public boolean blocking() { return msn >= 0; }

    /** The directives of a playlist request; one the request got wrong is a 400 refusal (RFC 8216bis §6.2.5.2). */
    public static BlockingReload parse(Map<String, String> query) {
        String m = query.get("_HLS_msn");
        String p = query.get("_HLS_part");
        String s = query.get("_HLS_skip");
        if (p != null && m == null) throw Refusal.badRequest("_HLS_part needs _HLS_msn");
        long msn = m == null ? -1 : number("_HLS_msn", m, MAX_MSN_DIGITS);
        int part = p == null ? -1 : (int) number("_HLS_part", p, MAX_PART_DIGITS);
        boolean skip = false;
        if (s != null) {
            if (!s.equals("YES") && !s.equals("v2")) throw Refusal.badRequest("_HLS_skip must be YES or v2");
            skip = true;
        }
        return new BlockingReload(msn, part, skip);
    }

    private static long number(String name, String v, int maxDigits) {
        if (v.isEmpty() || v.length() > maxDigits) throw Refusal.badRequest(name + " must be a decimal integer of 1 to " + maxDigits + " digits");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') throw Refusal.badRequest(name + " must be a decimal integer of 1 to " + maxDigits + " digits");
        }
        return Long.parseLong(v);
    }

    /**
     * What the server does with this request, the playlist ending at segment {@code lastMsn}
     * with part {@code lastPart} of it the newest (-1: none of it yet), parts about
     * {@code partsPerSegment} to a segment and the part target {@code partTargetSeconds}:
     * {@link Verdict#TOO_FAR} when it asks more than two segments past the last one or more
     * than the Advance Part Limit of parts past the last part (§6.2.5.2: 400), else
     * {@link Verdict#READY} or {@link Verdict#WAIT}.
     */
    public Verdict verdict(long lastMsn, int lastPart, long completeMsn, int partsPerSegment, double partTargetSeconds) {
        if (!blocking()) return Verdict.READY;
        if (msn > lastMsn + 2) return Verdict.TOO_FAR;
        if (part >= 0) {
            long limit = partTargetSeconds < 1 ? (long) Math.ceil(3 / partTargetSeconds) : 3;
            long ahead = (msn - lastMsn) * Math.max(1, partsPerSegment) + part - lastPart;
            if (ahead > limit) return Verdict.TOO_FAR;
            boolean ready = msn < lastMsn || (msn == lastMsn && part <= lastPart) || msn <= completeMsn;
            return ready ? Verdict.READY : Verdict.WAIT;
        }
        return msn <= completeMsn ? Verdict.READY : Verdict.WAIT;
    }

    public enum Verdict { READY, WAIT, TOO_FAR }
}
