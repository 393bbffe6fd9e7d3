package io.livepipe.media.ts;

/**
 * The header of a PES packet (ISO/IEC 13818-1 section 2.4.3.6/2.4.3.7): stream id, the
 * announced length ({@code 0}: unbounded, as video usually is), PTS and DTS as the raw 33-bit
 * values (-1 when absent; DTS is the PTS when only a PTS is given) and where the payload starts.
 */
record PesHeader(int streamId, int packetLength, long pts, long dts, int payloadStart) {
    /** The fixed part: start code, stream id, length, flags and header length. */
    static final int MIN_HEADER = 9;

    static PesHeader parse(byte[] b, int len, long at) {
        if (len < 6) throw new TsException(at, "PES shorter than its 6-byte prefix");
        if (b[0] != 0 || b[1] != 0 || b[2] != 1) throw new TsException(at, "PES without packet_start_code_prefix 00 00 01");
        int streamId = b[3] & 0xff;
        int packetLength = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        if (len < MIN_HEADER) throw new TsException(at, "PES header truncated");
        if ((b[6] & 0xc0) != 0x80) throw new TsException(at, "PES header without the '10' marker bits");
        if ((b[6] & 0x30) != 0) throw new TsException(at, "scrambled PES");
        int ptsDts = (b[7] & 0xc0) >> 6;
        int headerLength = b[8] & 0xff;
        int payload = MIN_HEADER + headerLength;
        if (payload > len) throw new TsException(at, "PES header of " + headerLength + " bytes runs past the data");
        long pts = -1;
        long dts = -1;
        if (ptsDts == 1) throw new TsException(at, "forbidden PTS_DTS_flags 01");
        if (ptsDts >= 2) {
            if (headerLength < 5) throw new TsException(at, "PTS flag set in a PES header of " + headerLength + " bytes");
            pts = timestamp(b, MIN_HEADER, at);
            dts = pts;
        }
        if (ptsDts == 3) {
            if (headerLength < 10) throw new TsException(at, "DTS flag set in a PES header of " + headerLength + " bytes");
            dts = timestamp(b, MIN_HEADER + 5, at);
        }
        return new PesHeader(streamId, packetLength, pts, dts, payload);
    }

    /** A 33-bit PTS/DTS in its 5 bytes with marker bits (2.4.3.7). */
    private static long timestamp(byte[] b, int i, long at) {
        if ((b[i] & 1) == 0 || (b[i + 2] & 1) == 0 || (b[i + 4] & 1) == 0) throw new TsException(at + i, "PTS/DTS marker bit missing");
        return ((long) ((b[i] >> 1) & 7) << 30) | ((long) (b[i + 1] & 0xff) << 22) | ((long) ((b[i + 2] & 0xff) >> 1) << 15)
                | ((long) (b[i + 3] & 0xff) << 7) | ((b[i + 4] & 0xff) >> 1);
    }
}
