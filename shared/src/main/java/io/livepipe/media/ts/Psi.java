package io.livepipe.media.ts;

import java.util.ArrayList;
import java.util.List;

/**
 * Program-specific information: the program association table (ISO/IEC 13818-1 section
 * 2.4.4.3) and program map table (2.4.4.8), each one complete section checked by its CRC-32
 * (Annex A: polynomial 0x04C11DB7, initial value all ones, no reflection).
 */
final class Psi {
    static final int PAT_PID = 0;
    static final int TABLE_PAT = 0x00;
    static final int TABLE_PMT = 0x02;

    private Psi() { }

    /** One program of the PAT: its number and the PID of its PMT. */
    record Program(int number, int pmtPid) { }

    /** An elementary stream of a PMT. */
    record Stream(int streamType, int pid) { }

    /** A PMT: the PCR's PID and the elementary streams. */
    record ProgramMap(int program, int pcrPid, List<Stream> streams) { }

    static List<Program> pat(byte[] s, long at, TsLimits limits) {
        int end = checked(s, TABLE_PAT, at);
        List<Program> out = new ArrayList<>();
        for (int i = 8; i + 4 <= end; i += 4) {
            int number = u16(s, i);
            int pid = u16(s, i + 2) & 0x1fff;
            if (number == 0) continue; // the network PID
            if (out.size() == limits.maxPrograms()) throw new TsException(at, "PAT lists more than " + limits.maxPrograms() + " programs");
            out.add(new Program(number, pid));
        }
        return List.copyOf(out);
    }

    static ProgramMap pmt(byte[] s, long at, TsLimits limits) {
        int end = checked(s, TABLE_PMT, at);
        if (end < 12) throw new TsException(at, "PMT section too short");
        int program = u16(s, 3);
        int pcrPid = u16(s, 8) & 0x1fff;
        int infoLength = u16(s, 10) & 0x0fff;
        int i = 12 + infoLength;
        if (i > end) throw new TsException(at, "PMT program_info_length " + infoLength + " runs past the section");
        List<Stream> streams = new ArrayList<>();
        while (i + 5 <= end) {
            int type = s[i] & 0xff;
            int pid = u16(s, i + 1) & 0x1fff;
            int esInfo = u16(s, i + 3) & 0x0fff;
            i += 5 + esInfo;
            if (i > end) throw new TsException(at, "PMT ES_info_length " + esInfo + " of PID " + pid + " runs past the section");
            if (streams.size() == limits.maxStreams()) throw new TsException(at, "PMT declares more than " + limits.maxStreams() + " streams");
            streams.add(new Stream(type, pid));
        }
        return new ProgramMap(program, pcrPid, List.copyOf(streams));
    }

    /** Checks table id, syntax and CRC; returns where the entries end (the CRC's offset). */
    private static int checked(byte[] s, int tableId, long at) {
        if (s.length < 12) throw new TsException(at, "PSI section of " + s.length + " bytes is too short");
        if ((s[0] & 0xff) != tableId) throw new TsException(at, "table_id 0x" + Integer.toHexString(s[0] & 0xff) + " where 0x0" + tableId + " was expected");
        if ((s[1] & 0x80) == 0) throw new TsException(at, "PSI section without section_syntax_indicator");
        int length = u16(s, 1) & 0x0fff;
        if (length + 3 != s.length) throw new TsException(at, "section_length " + length + " does not match " + (s.length - 3) + " bytes");
        if (crc32(s, 0, s.length) != 0) throw new TsException(at, "PSI section CRC-32 mismatch (table 0x0" + tableId + ")");
        return s.length - 4;
    }

    /** CRC-32/MPEG-2 of {@code b[off..off+len)}; over a section including its CRC it is 0. */
    static int crc32(byte[] b, int off, int len) {
        int crc = 0xffffffff;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xff) << 24;
            for (int k = 0; k < 8; k++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
        }
        return crc;
    }

    private static int u16(byte[] b, int i) { return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff); }
}
