package io.livepipe.encoder.rtmp;

import java.io.ByteArrayOutputStream;

/** Builds raw client bytes for decoder tests: handshake and hand-made chunks of any format. */
final class ChunkWriter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ChunkWriter handshake() {
        out.write(3);
        out.writeBytes(new byte[RtmpDecoder.HANDSHAKE_SIZE]);
        out.writeBytes(new byte[RtmpDecoder.HANDSHAKE_SIZE]);
        return this;
    }

    ChunkWriter basic(int fmt, int csid) {
        if (csid < 64) {
            out.write((fmt << 6) | csid);
        } else if (csid < 320) {
            out.write(fmt << 6);
            out.write(csid - 64);
        } else {
            out.write((fmt << 6) | 1);
            out.write((csid - 64) & 0xff);
            out.write((csid - 64) >> 8);
        }
        return this;
    }

    ChunkWriter u24(long v) { out.write((int) (v >> 16)); out.write((int) (v >> 8)); out.write((int) v); return this; }

    ChunkWriter u32(long v) { out.write((int) (v >> 24)); out.write((int) (v >> 16)); out.write((int) (v >> 8)); out.write((int) v); return this; }

    ChunkWriter u32le(int v) { out.write(v); out.write(v >> 8); out.write(v >> 16); out.write(v >> 24); return this; }

    /** A type-0 header; a timestamp of 0xffffff or more goes in the extended field. */
    ChunkWriter fmt0(int csid, long ts, int length, int type, int streamId) {
        basic(0, csid).u24(Math.min(ts, 0xffffff)).u24(length);
        out.write(type);
        u32le(streamId);
        if (ts >= 0xffffff) u32(ts);
        return this;
    }

    ChunkWriter fmt1(int csid, long delta, int length, int type) {
        basic(1, csid).u24(delta).u24(length);
        out.write(type);
        return this;
    }

    ChunkWriter fmt2(int csid, long delta) { return basic(2, csid).u24(delta); }

    ChunkWriter bytes(byte[] b, int from, int to) { out.write(b, from, to - from); return this; }

    /** A whole message on {@code csid}: a type-0 header, then type-3 continuations every {@code chunkSize} bytes. */
    ChunkWriter message(int csid, int type, int streamId, byte[] payload, int chunkSize) {
        fmt0(csid, 0, payload.length, type, streamId);
        for (int from = 0; from < payload.length; from += chunkSize) {
            if (from > 0) basic(3, csid);
            bytes(payload, from, Math.min(payload.length, from + chunkSize));
        }
        return this;
    }

    /** connect to app {@code live}, createStream, and publish {@code key}: what FFmpeg sends, at the default chunk size. */
    ChunkWriter publish(String key) {
        message(3, RtmpMessage.COMMAND_AMF0, 0, io.livepipe.media.amf.Amf0.encode("connect", 1.0,
                java.util.Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live")), RtmpDecoder.DEFAULT_CHUNK_SIZE);
        message(3, RtmpMessage.COMMAND_AMF0, 0, io.livepipe.media.amf.Amf0.encode("createStream", 2.0, null), RtmpDecoder.DEFAULT_CHUNK_SIZE);
        return message(8, RtmpMessage.COMMAND_AMF0, 1, io.livepipe.media.amf.Amf0.encode("publish", 3.0, null, key, "live"),
                RtmpDecoder.DEFAULT_CHUNK_SIZE);
    }

    byte[] toByteArray() { return out.toByteArray(); }
}
