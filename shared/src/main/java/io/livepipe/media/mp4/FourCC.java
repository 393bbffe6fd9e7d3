package io.livepipe.media.mp4;

/**
 * The four-character codes livepipe reads and writes, as named constants: box types (ISO/IEC
 * 14496-12; 14496-14 for esds; 14496-15 for avcC; ISO/IEC 23001-7 for sinf, frma, schm, schi,
 * tenc, pssh, senc), the sample entry formats and the handler types. Compile-time constants, so
 * they serve as {@code switch} labels.
 */
public final class FourCC {
    /** Files and segments. */
    public static final String FTYP = "ftyp", STYP = "styp", MOOV = "moov", MVHD = "mvhd", MVEX = "mvex",
            TREX = "trex", MEHD = "mehd", MFRA = "mfra", UDTA = "udta", META = "meta",
            PDIN = "pdin", FREE = "free", SKIP = "skip", UUID = "uuid", SIDX = "sidx",
            SSIX = "ssix", PRFT = "prft", EMSG = "emsg", MDAT = "mdat";
    /** Tracks. */
    public static final String TRAK = "trak", TKHD = "tkhd", EDTS = "edts", ELST = "elst", MDIA = "mdia",
            MDHD = "mdhd", HDLR = "hdlr", MINF = "minf", VMHD = "vmhd", SMHD = "smhd",
            DINF = "dinf", DREF = "dref", URL = "url ", STBL = "stbl", STSD = "stsd",
            STTS = "stts", STSC = "stsc", STSZ = "stsz", STCO = "stco", BTRT = "btrt",
            PASP = "pasp";
    /** Sample entries and their configuration boxes. */
    public static final String AVC1 = "avc1", AVC3 = "avc3", AVCC = "avcC", MP4A = "mp4a", ESDS = "esds",
            ENCV = "encv", ENCA = "enca";
    /** Protection (ISO/IEC 23001-7). */
    public static final String SINF = "sinf", FRMA = "frma", SCHM = "schm", SCHI = "schi", TENC = "tenc",
            PSSH = "pssh", SENC = "senc", SAIZ = "saiz", SAIO = "saio";
    /** Movie fragments. */
    public static final String MOOF = "moof", MFHD = "mfhd", TRAF = "traf", TFHD = "tfhd", TFDT = "tfdt",
            TRUN = "trun";
    /** Handler types (hdlr). */
    public static final String VIDE = "vide", SOUN = "soun";

    private FourCC() { }
}
