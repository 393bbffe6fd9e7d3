package io.livepipe.http;

import java.util.Locale;

/**
 * What a {@code Range} header selects of a representation of known length, per RFC 9110 §14.2:
 * <ul>
 *   <li>{@link Kind#WHOLE} — no header, a syntactically invalid one (RFC 9110 §14.1.1, including an
 *       int-range whose last-pos is below its first-pos), a range unit other than {@code bytes}, or
 *       more than one range (which this server chooses not to serve): the header is ignored and the
 *       answer is 200 with the whole body;</li>
 *   <li>{@link Kind#PARTIAL} — one satisfiable range: 206 with bytes {@code first..last};</li>
 *   <li>{@link Kind#UNSATISFIABLE} — one valid range that is not satisfiable (§14.1.1: first-pos at
 *       or past the end, or suffix-length 0): 416 with {@code Content-Range: bytes *}{@code /length}.</li>
 * </ul>
 * Pure and bounded: positions longer than 18 digits saturate (a huge first-pos is unsatisfiable,
 * a huge last-pos means "to the end"), and scanning stops at the second range.
 */
public record RangeSelection(Kind kind, long first, long last) {
    public enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    private static final RangeSelection WHOLE = new RangeSelection(Kind.WHOLE, -1, -1);
    private static final RangeSelection UNSATISFIABLE = new RangeSelection(Kind.UNSATISFIABLE, -1, -1);

    public static RangeSelection of(String header, long length) {
        if (length < 0) throw new IllegalArgumentException("negative representation length");
        if (header == null) return WHOLE;
        int eq = header.indexOf('=');
        if (eq <= 0 || !header.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) return WHOLE;
        String spec = null;
        int from = eq + 1;
        while (from <= header.length()) {
            int comma = header.indexOf(',', from);
            int end = comma < 0 ? header.length() : comma;
            String element = header.substring(from, end).strip();
            if (!element.isEmpty()) {
                if (spec != null) return WHOLE; // several ranges: not served, the header is ignored
                spec = element;
            }
            if (comma < 0) break;
            from = comma + 1;
        }
        if (spec == null) return WHOLE;
        int dash = spec.indexOf('-');
        if (dash < 0) return WHOLE;
        String a = spec.substring(0, dash);
        String b = spec.substring(dash + 1);
        if (a.isEmpty()) {
            if (!digits(b)) return WHOLE;
            long suffix = number(b);
            if (suffix == 0) return UNSATISFIABLE;
            if (length == 0) return WHOLE; // the whole (empty) representation: nothing a 206 could carry
            return new RangeSelection(Kind.PARTIAL, Math.max(0, length - suffix), length - 1);
        }
        if (!digits(a) || (!b.isEmpty() && !digits(b))) return WHOLE;
        long first = number(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : number(b);
        if (last < first) return WHOLE;
        if (first >= length) return UNSATISFIABLE;
        return new RangeSelection(Kind.PARTIAL, first, Math.min(last, length - 1));
    }

    /** The number of bytes a PARTIAL selection covers. */
    public long count() { return kind == Kind.PARTIAL ? last - first + 1 : 0; }

    /** The {@code Content-Range} value of this selection of a representation of {@code length} bytes. */
    public String contentRange(long length) {
        return kind == Kind.PARTIAL ? "bytes " + first + "-" + last + "/" + length : "bytes */" + length;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static long number(String digits) {
        String s = digits.replaceFirst("^0+(?=.)", "");
        return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
    }
}
