package io.livepipe.encoder.rtmp;

import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile clients against an RTMP server with the default limits, measured in this
 * process's heap after GC and RSS (run it alone: {@code java -Xmx768m -cp ... HostileMemoryBench
 * [UNPUBLISHED=8] [PUBLISHERS=40]}). Unpublished clients send the 63 partial 8 MiB
 * messages after the handshake; publishers (any key is accepted) send 14 partial messages of
 * 512 KiB each, 7 MiB (buffers may hold up to twice what arrived, within their own budget), so
 * that together they meet the server-wide one.
 * Prints key=value figures and exits.
 */
public final class HostileMemoryBench {
    private HostileMemoryBench() { }

    public static void main(String[] args) throws Exception {
        int unpublished = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        IngestGate gate = request -> new PublishDecision.Accept(new PublishSession() {
            @Override public void onMetadata(Map<String, Object> metadata) { }
            @Override public void onCodecConfig(CodecConfig config) { }
            @Override public void onSample(MediaSample sample) { }
            @Override public void onUnsupportedCodec(TrackType type, String codec) { }
            @Override public void onClosed(String resultCode) { }
        });
        RtmpLimits limits = RtmpLimits.defaults().withConnectionCaps(RtmpLimits.DEFAULT_MAX_CONNECTIONS, RtmpLimits.DEFAULT_MAX_CONNECTIONS);
        try (RtmpServer server = new RtmpServer(gate, limits)) {
            int port = server.start("127.0.0.1", 0);
            long heap0 = heapAfterGc();
            long rss0 = rssKb();
            List<Socket> sockets = new ArrayList<>();
            byte[] part = new byte[512 * 1024];
            for (int i = 0; i < unpublished; i++) {
                Socket s = new Socket("127.0.0.1", port);
                sockets.add(s);
                send(s, new ChunkWriter().handshake().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(part.length).toByteArray(), 63,
                        RtmpLimits.DEFAULT_MAX_MESSAGE, part);
            }
            for (int i = 0; i < publishers; i++) {
                Socket s = new Socket("127.0.0.1", port);
                sockets.add(s);
                s.getOutputStream().write(new ChunkWriter().handshake().publish("key" + i).toByteArray());
                if (!HostileClientsTest.awaitText(s, "NetStream.Publish.Start", 10)) throw new IllegalStateException("publish not accepted");
                send(s, new ChunkWriter().fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(part.length).toByteArray(), 14,
                        RtmpLimits.DEFAULT_MAX_MESSAGE, part);
            }
            Thread.sleep(1000);
            long heap = heapAfterGc();
            long rss = rssKb();
            System.out.printf("unpublished=%d publishers=%d cut=%d held_mb=%.1f peak_held_mb=%.1f bound_mb=%.1f"
                            + " heap_after_gc_growth_mb=%.1f rss_growth_mb=%.1f%n", unpublished, publishers, sockets.size() - server.connections(),
                    server.bufferedBytes() / 1048576.0, server.peakBufferedBytes() / 1048576.0, limits.maxBufferedBytesTotal() / 1048576.0,
                    (heap - heap0) / 1048576.0, (rss - rss0) / 1024.0);
            if (Boolean.getBoolean("bench.hold")) Thread.sleep(10_000);
            for (Socket s : sockets) s.close();
        }
    }

    /** Sends {@code head}, then {@code streams} headers of {@code announced}-byte messages each with one chunk of {@code part}, unless cut. */
    static void send(Socket s, byte[] head, int streams, int announced, byte[] part) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(head);
            for (int csid = 3; csid < 3 + streams; csid++) {
                out.write(new ChunkWriter().fmt0(csid, 0, announced, RtmpMessage.VIDEO, 1).toByteArray());
                out.write(part);
            }
        } catch (IOException cut) {
            // the server closed it: what the bench counts
        }
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return 0;
    }
}
