package io.livepipe.media.ts;

/**
 * The header of one 188-byte transport packet (ISO/IEC 13818-1 section 2.4.3.2) and its
 * adaptation field's discontinuity indicator and PCR (2.4.3.4); {@code pcr} is in 27 MHz units,
 * -1 when absent. The payload is {@code [payloadStart, 188)} of the packet.
 */
record TsPacket(int pid, boolean payloadUnitStart, int continuityCounter, boolean hasPayload,
                boolean discontinuityIndicator, long pcr, int payloadStart) {
    static final int SYNC = 0x47;
    static final int NULL_PID = 0x1fff;

    /** Parses the packet at {@code p[off..off+188)}; {@code at} is its offset in the whole input, for errors. */
    static TsPacket parse(byte[] p, int off, long at) {
        if ((p[off] & 0xff) != SYNC) throw new TsException(at, "no sync byte 0x47 at a packet start (found 0x" + Integer.toHexString(p[off] & 0xff) + ")");
        int b1 = p[off + 1] & 0xff;
        int b3 = p[off + 3] & 0xff;
        if ((b1 & 0x80) != 0) throw new TsException(at, "transport_error_indicator set");
        int pid = ((b1 & 0x1f) << 8) | (p[off + 2] & 0xff);
        boolean pusi = (b1 & 0x40) != 0;
        if ((b3 & 0xc0) != 0 && pid != NULL_PID) throw new TsException(at, "scrambled packet on PID " + pid);
        int afc = (b3 >> 4) & 3;
        if (afc == 0) throw new TsException(at, "reserved adaptation_field_control 00 on PID " + pid);
        int cc = b3 & 0x0f;
        int start = 4;
        boolean disc = false;
        long pcr = -1;
        if ((afc & 2) != 0) {
            int len = p[off + 4] & 0xff;
            int max = afc == 3 ? 182 : 183;
            if (len > max) throw new TsException(at + 4, "adaptation field of " + len + " bytes does not fit the packet");
            if (len > 0) {
                int flags = p[off + 5] & 0xff;
                disc = (flags & 0x80) != 0;
                if ((flags & 0x10) != 0) {
                    if (len < 7) throw new TsException(at + 5, "PCR flag set in an adaptation field of " + len + " bytes");
                    long base = ((long) (p[off + 6] & 0xff) << 25) | ((p[off + 7] & 0xff) << 17) | ((p[off + 8] & 0xff) << 9)
                            | ((p[off + 9] & 0xff) << 1) | ((p[off + 10] & 0xff) >> 7);
                    int ext = ((p[off + 10] & 1) << 8) | (p[off + 11] & 0xff);
                    pcr = base * 300 + ext;
                }
            }
            start = 5 + len;
        }
        return new TsPacket(pid, pusi, cc, (afc & 1) != 0 && start < TsLimits.PACKET_SIZE, disc, pcr, start);
    }
}
