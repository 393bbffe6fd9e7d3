package io.livepipe.encoder.ladder;

import io.livepipe.archive.SegmentWriter;
import io.livepipe.media.cmaf.LiveEdge;
import io.livepipe.archive.StoredRun;
import io.livepipe.channel.Ladder;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.flv.FlvReader;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.flv.FlvWriter;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.storage.BlobStore;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Live encoding of one channel run: FFmpeg as a managed child process, fed the incoming stream
 * as FLV on its standard input, writing one FLV per rung into named pipes that we read back
 * into the same fragmenter and archive as pass-through uses (renditions {@code video_{bitrate}}
 * and {@code audio}). Its standard error goes to the channel's log. If FFmpeg dies while the
 * encoder is connected, the crash is reported and FFmpeg started again; the renditions continue
 * with a discontinuity. Samples wait in a bounded queue for FFmpeg; if it falls that far
 * behind, samples are dropped and counted.
 */
public final class LadderEncoder {
    /** Samples waiting for FFmpeg: about a minute of a typical contribution. */
    static final int QUEUE = 4096;
    private static final Logger LOG = Logger.getLogger(LadderEncoder.class.getName());
    private static final byte[] END = new byte[0];

    private final BlobStore media;
    private final String channel;
    private final String runId;
    private final Ladder preset;
    private final Duration keyFrameInterval;
    private final String x264Preset;
    private final IntConsumer onCrash;
    private final Map<String, SegmentWriter> writers = new HashMap<>();
    private final Duration partTarget;
    private final LiveEdge edge;
    /** What the run held before this encoder began (a restart): every rung continues after it, none after another rung. */
    private final StoredRun stored;
    private CodecConfig videoConfig;
    private CodecConfig audioConfig;
    private Session session;
    private long dropped;
    private int running;

    public LadderEncoder(BlobStore media, String channel, String runId, Ladder preset, Duration keyFrameInterval,
                         String x264Preset, IntConsumer onCrash) {
        this(media, channel, runId, preset, keyFrameInterval, x264Preset, onCrash, Duration.ZERO, LiveEdge.none());
    }

    /** As above, every rung's chunked CMAF also handed to {@code edge} in parts of about {@code partTarget} (low latency). */
    public LadderEncoder(BlobStore media, String channel, String runId, Ladder preset, Duration keyFrameInterval,
                         String x264Preset, IntConsumer onCrash, Duration partTarget, LiveEdge edge) {
        this.partTarget = partTarget;
        this.edge = edge;
        this.media = media;
        this.channel = channel;
        this.runId = runId;
        this.preset = preset;
        this.keyFrameInterval = keyFrameInterval;
        this.x264Preset = x264Preset;
        this.onCrash = onCrash;
        this.stored = StoredRun.read(media, channel, runId);
    }

    public String runId() { return runId; }

    /** One FFmpeg process with its pipes and threads. */
    private final class Session {
        final Process process;
        final Path dir;
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
        final List<Thread> readers = new ArrayList<>();
        volatile boolean ending;

        Session(Ladder ladder) throws IOException {
            dir = Files.createTempDirectory("livepipe-ladder-" + channel);
            List<Path> fifos = new ArrayList<>();
            for (int i = 0; i < ladder.rungs().size(); i++) {
                Path f = dir.resolve("rung" + i + ".flv");
                mkfifo(f);
                fifos.add(f);
            }
            process = new ProcessBuilder(FfmpegLadderCommand.build(ladder, keyFrameInterval, fifos, x264Preset)).start();
            running++;
            thread("ffmpeg-stderr-" + channel, () -> logStderr(process.getErrorStream()));
            thread("ffmpeg-stdin-" + channel, this::feed);
            for (int i = 0; i < fifos.size(); i++) {
                String rendition = ladder.rungs().get(i).rendition();
                Path f = fifos.get(i);
                boolean withAudio = i == 0;
                readers.add(thread("ffmpeg-out-" + channel + "-" + i, () -> readRung(f, rendition, withAudio)));
            }
            thread("ffmpeg-wait-" + channel, this::await);
        }

        private void feed() {
            try (OutputStream out = process.getOutputStream()) {
                out.write(FlvWriter.header());
                while (true) {
                    byte[] b = queue.take();
                    if (b == END) break;
                    out.write(b);
                }
            } catch (IOException | InterruptedException e) {
                if (!ending) LOG.fine(() -> "event=ladder_stdin_closed channel=" + channel);
            }
        }

        private void await() {
            try {
                int code = process.waitFor();
                for (Thread r : readers) r.join(TimeUnit.SECONDS.toMillis(10));
                synchronized (LadderEncoder.this) {
                    running--;
                    for (SegmentWriter w : writers.values()) w.disconnected();
                    if (!ending) {
                        LOG.warning(() -> "event=ladder_ffmpeg_crashed channel=" + channel + " exitCode=" + code);
                        onCrash.accept(code);
                        if (session == this) restart();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteQuietly(dir);
            }
        }

        void end() {
            ending = true;
            queue.clear();
            queue.offer(END);
        }
    }

    private void readRung(Path fifo, String rendition, boolean withAudio) {
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            FlvReader r = new FlvReader(in);
            for (FlvTag t; (t = r.next()) != null; ) {
                TrackType type = t instanceof FlvTag.Config c ? c.config().type()
                        : t instanceof FlvTag.Sample s ? s.sample().type() : null;
                if (type == null || (type == TrackType.AUDIO && !withAudio)) continue;
                synchronized (this) {
                    // The first rung's audio shares its writer, so audio fragments are cut where its video's are.
                    SegmentWriter w = writers.computeIfAbsent(rendition, n -> new SegmentWriter(media, channel, runId, keyFrameInterval, n, stored,
                            partTarget, edge));
                    if (t instanceof FlvTag.Config c) w.config(c.config()); else w.sample(((FlvTag.Sample) t).sample());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "event=ladder_output_failed channel=" + channel + " rendition=" + rendition + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    private void logStderr(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String l = line;
                LOG.info(() -> "event=ffmpeg channel=" + channel + " line=\"" + l.replace('"', '\'') + "\"");
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public synchronized void config(CodecConfig c) {
        if (c.type() == TrackType.VIDEO) videoConfig = c; else audioConfig = c;
        if (session == null && videoConfig != null) restart();
        else if (session != null) offer(FlvWriter.config(c, 0));
    }

    public synchronized void sample(MediaSample s) {
        if (session == null) return;
        offer(FlvWriter.sample(s));
    }

    /**
     * For sources that are files rather than live encoders: waits for room instead of dropping,
     * so FFmpeg sets the pace. Never called on an ingest event loop.
     */
    public void feed(MediaSample s) throws InterruptedException {
        Session current;
        synchronized (this) {
            current = session;
        }
        if (current != null) current.queue.put(FlvWriter.sample(s));
    }

    /** Waits until every FFmpeg process started so far has exited and its outputs are stored. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (running == 0) return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private void offer(byte[] tag) {
        if (!session.queue.offer(tag)) {
            if (dropped++ % 100 == 0) LOG.warning(() -> "event=ladder_behind channel=" + channel + " dropped=" + dropped);
        }
    }

    /** The encoder left: FFmpeg gets end of input, flushes its outputs and exits. */
    public synchronized void disconnected() {
        if (session != null) {
            Session s = session;
            session = null;
            s.ending = true;
            s.queue.offer(END);
        }
    }

    /** Stops FFmpeg at once (the channel stopped or the service shuts down). */
    public synchronized void close() {
        if (session != null) {
            session.end();
            session.process.destroy();
            session = null;
        }
    }

    private void restart() {
        try {
            TrackInfo v = TrackInfo.of(videoConfig);
            Ladder ladder = preset.forInput(v.width(), v.height());
            session = new Session(ladder);
            offer(FlvWriter.config(videoConfig, 0));
            if (audioConfig != null) offer(FlvWriter.config(audioConfig, 0));
            LOG.info(() -> "event=ladder_started channel=" + channel + " rungs=" + ladder.rungs().size());
        } catch (IOException | RuntimeException e) {
            session = null;
            LOG.warning(() -> "event=ladder_start_failed channel=" + channel + " error=" + e.getClass().getSimpleName()
                    + " detail=\"" + e.getMessage() + "\"");
        }
    }

    private static void mkfifo(Path p) throws IOException {
        try {
            Process m = new ProcessBuilder("mkfifo", "-m", "600", p.toString()).start();
            if (!m.waitFor(10, TimeUnit.SECONDS) || m.exitValue() != 0) throw new IOException("mkfifo failed for " + p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // temporary pipes only
        }
    }

    /** Test hook: the running FFmpeg process, to kill it. */
    Process process() { return session == null ? null : session.process; }
}
