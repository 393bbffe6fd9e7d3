package io.livepipe.encoder.bench;

import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.encoder.rtmp.RtmpLimits;
import io.livepipe.encoder.rtmp.RtmpServer;
import io.livepipe.encoder.srt.SrtLimits;
import io.livepipe.encoder.srt.SrtServer;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest side of the ingest benchmark (bench/rtmp-ingest.sh): an RTMP server — or with a
 * second argument {@code srt}, the SRT listener on libsrt — whose gate accepts every key and
 * counts each session's samples, as pass-through ingest receives them.
 * On a line "measure" on stdin it collects garbage and records the live heap (all sessions
 * connected); on "reset" (after a warm-up round) it forgets the sessions so far and starts its CPU
 * count again; on "done" it prints its figures as key=value and exits.
 */
public final class RtmpIngestBench {
    private RtmpIngestBench() { }

    private static AutoCloseable rtmp(IngestGate gate, int port) throws Exception {
        RtmpServer server = new RtmpServer(gate, RtmpLimits.defaults().withConnectionCaps(RtmpLimits.DEFAULT_MAX_CONNECTIONS, RtmpLimits.DEFAULT_MAX_CONNECTIONS));
        server.start("127.0.0.1", port);
        return server;
    }

    private static AutoCloseable srt(IngestGate gate, int port) throws Exception {
        SrtServer server = SrtServer.create(gate, SrtLimits.defaults()).orElseThrow(() -> new IllegalStateException("libsrt is not installed"));
        server.start("127.0.0.1", port);
        return server;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, AtomicLong> samples = new ConcurrentHashMap<>();
        Map<String, String> endings = new ConcurrentHashMap<>();
        IngestGate gate = request -> {
            AtomicLong n = samples.computeIfAbsent(request.streamKey(), k -> new AtomicLong());
            return new PublishDecision.Accept(new PublishSession() {
                @Override public void onMetadata(Map<String, Object> metadata) { }
                @Override public void onCodecConfig(CodecConfig config) { }
                @Override public void onSample(MediaSample sample) { n.incrementAndGet(); }
                @Override public void onUnsupportedCodec(TrackType type, String codec) { }
                @Override public void onClosed(String resultCode) { endings.put(request.streamKey(), resultCode); }
            });
        };
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // Every publisher of the bench comes from loopback: one address, so no per-address cap.
        boolean srt = args.length > 1 && args[1].equals("srt");
        try (AutoCloseable server = srt ? srt(gate, port) : rtmp(gate, port)) {
            System.out.println("ready");
            System.out.flush();
            long cpuStart = os.getProcessCpuTime();
            long liveHeap = 0;
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            for (String line; (line = in.readLine()) != null && !line.equals("done"); ) {
                if (line.equals("reset")) {
                    samples.clear();
                    endings.clear();
                    cpuStart = os.getProcessCpuTime();
                } else if (line.equals("measure")) {
                    System.gc();
                    liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                }
            }
            long cpu = os.getProcessCpuTime() - cpuStart;
            long total = samples.values().stream().mapToLong(AtomicLong::get).sum();
            long min = samples.values().stream().mapToLong(AtomicLong::get).min().orElse(0);
            long max = samples.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
            System.out.printf("sessions=%d samples=%d min_per_session=%d max_per_session=%d cpu_s=%.2f live_heap_mb=%.1f endings=%s%n",
                    samples.size(), total, min, max, cpu / 1e9, liveHeap / 1048576.0,
                    endings.values().stream().distinct().sorted().toList());
        }
    }
}
