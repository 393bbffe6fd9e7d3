package io.livepipe.media.mp4;

/**
 * The four-character codes livepipe reads and writes, as named constants: box types (ISO/IEC
 * 14496-12; 14496-14 for esds; 14496-15 for avcC; ISO/IEC 23001-7 for sinf, frma, schm, schi,
 * tenc, pssh, senc), the sample entry formats and the handler types. Compile-time constants, so
 * they serve as {@code switch} labels.
 */
public final class FourCC {
    // Files and segments
    public static final String FTYP = "ftyp";
    public static final String STYP = "styp";
    public static final String MOOV = "moov";
    public static final String MVHD = "mvhd";
    public static final String MVEX = "mvex";
    public static final String TREX = "trex";
    public static final String MEHD = "mehd";
    public static final String MFRA = "mfra";
    public static final String UDTA = "udta";
    public static final String META = "meta";
    public static final String PDIN = "pdin";
    public static final String FREE = "free";
    public static final String SKIP = "skip";
    public static final String UUID = "uuid";
    public static final String SIDX = "sidx";
    public static final String SSIX = "ssix";
    public static final String PRFT = "prft";
    public static final String EMSG = "emsg";
    public static final String MDAT = "mdat";
    // Tracks
    public static final String TRAK = "trak";
    public static final String TKHD = "tkhd";
    public static final String EDTS = "edts";
    public static final String ELST = "elst";
    public static final String MDIA = "mdia";
    public static final String MDHD = "mdhd";
    public static final String HDLR = "hdlr";
    public static final String MINF = "minf";
    public static final String VMHD = "vmhd";
    public static final String SMHD = "smhd";
    public static final String DINF = "dinf";
    public static final String DREF = "dref";
    public static final String URL = "url ";
    public static final String STBL = "stbl";
    public static final String STSD = "stsd";
    public static final String STTS = "stts";
    public static final String STSC = "stsc";
    public static final String STSZ = "stsz";
    public static final String STCO = "stco";
    public static final String BTRT = "btrt";
    public static final String PASP = "pasp";
    // Sample entries and their configuration boxes
    public static final String AVC1 = "avc1";
    public static final String AVC3 = "avc3";
    public static final String AVCC = "avcC";
    public static final String MP4A = "mp4a";
    public static final String ESDS = "esds";
    public static final String ENCV = "encv";
    public static final String ENCA = "enca";
    // Protection (ISO/IEC 23001-7)
    public static final String SINF = "sinf";
    public static final String FRMA = "frma";
    public static final String SCHM = "schm";
    public static final String SCHI = "schi";
    public static final String TENC = "tenc";
    public static final String PSSH = "pssh";
    public static final String SENC = "senc";
    public static final String SAIZ = "saiz";
    public static final String SAIO = "saio";
    // Movie fragments
    public static final String MOOF = "moof";
    public static final String MFHD = "mfhd";
    public static final String TRAF = "traf";
    public static final String TFHD = "tfhd";
    public static final String TFDT = "tfdt";
    public static final String TRUN = "trun";
    // Handler types (hdlr)
    public static final String VIDE = "vide";
    public static final String SOUN = "soun";

    private FourCC() { }
}
