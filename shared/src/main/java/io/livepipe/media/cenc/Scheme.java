package io.livepipe.media.cenc;

/** The two common-encryption schemes livepipe writes (ISO/IEC 23001-7:2016 sections 10.1 and 10.4). */
public enum Scheme {
    /** AES-128-CTR, full-sample audio, subsample video; 16-byte per-sample IVs. */
    CENC("cenc"),
    /** AES-128-CBC, 1:9 pattern for video, whole blocks for audio; constant IV in tenc. */
    CBCS("cbcs");

    private final String fourcc;

    Scheme(String fourcc) { this.fourcc = fourcc; }

    /** The scheme_type of schm and Widevine's protection_scheme. */
    public String fourcc() { return fourcc; }

    /** The fourcc as a big-endian 32-bit number. */
    public int fourccValue() {
        return fourcc.charAt(0) << 24 | fourcc.charAt(1) << 16 | fourcc.charAt(2) << 8 | fourcc.charAt(3);
    }
}
