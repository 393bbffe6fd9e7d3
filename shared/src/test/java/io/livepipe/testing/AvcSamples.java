package io.livepipe.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Hand-made H.264 samples for tests that need slices whose header size is known to the bit. */
public final class AvcSamples {
    private AvcSamples() { }

    /** An IDR slice (nal_ref_idc 3, type 5) whose header is a few bits, then {@code body} bytes of slice data. */
    public static byte[] idr(int body) {
        byte[] nal = new byte[1 + 3 + body];
        nal[0] = 0x65;
        // first_mb 0 (1), slice_type 7 (0001000), pps 0 (1), frame_num u(4)=0, idr_pic_id 0 (1), poc_lsb u(6)=0,
        // dec_ref_pic_marking 00, slice_qp_delta 0 (1): 1 0001000 1 0000 1 000000 00 1 = 24 bits.
        nal[1] = (byte) 0b10001000;
        nal[2] = (byte) 0b10000100;
        nal[3] = (byte) 0b00000001;
        for (int i = 4; i < nal.length; i++) nal[i] = (byte) (i * 31 + 7);
        return nal;
    }

    /** NAL units in AVCC framing: each behind its 4-byte length. */
    public static byte[] avcc(byte[]... nals) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(nals).mapToInt(n -> n.length + 4).sum());
        for (byte[] n : nals) b.putInt(n.length).put(n);
        return b.array();
    }
}
