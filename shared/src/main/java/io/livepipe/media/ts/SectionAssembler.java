package io.livepipe.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one PID's PSI sections from packet payloads (ISO/IEC 13818-1 section 2.4.4.2: a
 * pointer_field after each payload_unit_start), bounded by {@link TsLimits#MAX_SECTION_BYTES}.
 * Stuffing (0xFF) after the last section of a payload ends it.
 */
final class SectionAssembler {
    private ByteArrayOutputStream partial;
    private int wanted;

    /** The sections this payload completes. */
    List<byte[]> feed(byte[] p, int off, int end, boolean unitStart, long at) {
        List<byte[]> done = new ArrayList<>(1);
        int i = off;
        if (unitStart) {
            if (i >= end) throw new TsException(at, "PSI payload without pointer_field");
            int pointer = p[i++] & 0xff;
            if (partial != null) {
                if (i + pointer > end) throw new TsException(at, "pointer_field " + pointer + " runs past the packet");
                append(p, i, Math.min(pointer, wanted - partial.size()), done, at);
            }
            partial = null;
            i += pointer;
            if (i > end) throw new TsException(at, "pointer_field " + pointer + " runs past the packet");
            while (i + 3 <= end && (p[i] & 0xff) != 0xff) {
                wanted = 3 + ((((p[i + 1] & 0xff) << 8) | (p[i + 2] & 0xff)) & 0x0fff);
                if (wanted > TsLimits.MAX_SECTION_BYTES) throw new TsException(at, "PSI section of " + wanted + " bytes (at most " + TsLimits.MAX_SECTION_BYTES + ")");
                partial = new ByteArrayOutputStream(wanted);
                int n = Math.min(wanted, end - i);
                append(p, i, n, done, at);
                i += n;
            }
        } else if (partial != null) {
            append(p, i, Math.min(end - i, wanted - partial.size()), done, at);
        }
        return done;
    }

    private void append(byte[] p, int off, int len, List<byte[]> done, long at) {
        partial.write(p, off, len);
        if (partial.size() == wanted) {
            done.add(partial.toByteArray());
            partial = null;
        }
    }
}
