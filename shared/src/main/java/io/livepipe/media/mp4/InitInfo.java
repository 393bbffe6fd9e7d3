package io.livepipe.media.mp4;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import java.util.Arrays;
import java.util.List;

/**
 * What a manifest needs from a CMAF header: the track's handler, timescale and decoder
 * configuration (from {@code avcC}, or from the DecoderSpecificInfo in {@code esds}), hence
 * codecs string and picture size. Reads the first track only, as CMAF headers have one.
 */
public final class InitInfo {
    private InitInfo() { }

    public static TrackInfo parse(byte[] init) {
        List<Box> top = BoxReader.read(init);
        Box moov = top.stream().filter(b -> b.type().equals(FourCC.MOOV)).findFirst()
                .orElseThrow(() -> new MalformedMediaException("CMAF header without moov"));
        Box trak = moov.child(FourCC.TRAK);
        Box stbl = trak == null ? null : path(trak, FourCC.MDIA, FourCC.MINF, FourCC.STBL);
        if (stbl == null || stbl.child(FourCC.STSD) == null) throw new MalformedMediaException("CMAF header without stsd");
        Box stsd = stbl.child(FourCC.STSD);
        int from = stsd.payloadOffset();
        int to = stsd.offset() + stsd.size();
        int avcC = find(init, from, to, FourCC.AVCC);
        if (avcC >= 0) {
            int size = u32(init, avcC - 4);
            if (size < 8 || avcC - 4 + size > to) throw new MalformedMediaException("avcC box does not fit its stsd");
            return TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, Arrays.copyOfRange(init, avcC + 4, avcC - 4 + size)));
        }
        int esds = find(init, from, to, FourCC.ESDS);
        if (esds >= 0) {
            for (int i = esds + 8; i + 2 < to; i++) {
                if ((init[i] & 0xff) == 0x05) {
                    // the descriptor's size: 7 bits a byte, up to 4 bytes, the high bit saying another
                    // follows (ISO/IEC 14496-1 §8.3.3; FFmpeg writes 0x80 0x80 0x80 n)
                    int at = i + 1;
                    int len = 0;
                    for (int k = 0; k < 4 && at < to; k++) {
                        int b = init[at++] & 0xff;
                        len = (len << 7) | (b & 0x7f);
                        if ((b & 0x80) == 0) break;
                    }
                    if (len > 0 && len < 64 && at + len <= to) {
                        return TrackInfo.of(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, Arrays.copyOfRange(init, at, at + len)));
                    }
                }
            }
        }
        throw new MalformedMediaException("CMAF header carries neither avcC nor an AAC esds");
    }

    private static Box path(Box b, String... types) {
        Box cur = b;
        for (String t : types) {
            if (cur == null) return null;
            cur = cur.child(t);
        }
        return cur;
    }

    private static int find(byte[] b, int from, int to, String fourcc) {
        byte[] f = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = Math.max(from, 4); i + 4 <= to; i++) {
            if (b[i] == f[0] && b[i + 1] == f[1] && b[i + 2] == f[2] && b[i + 3] == f[3]) return i;
        }
        return -1;
    }

    private static int u32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
