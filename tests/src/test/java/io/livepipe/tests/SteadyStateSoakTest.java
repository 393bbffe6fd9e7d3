package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The steady-state soak: the platform as its own process, four channels (three pass-through, one
 * encoding a two-rung ladder) each publishing FFmpeg's test pattern in real time into a program,
 * and simulated HLS players on each ({@code load/ViewerLoad}, a process of its own) for the whole
 * run. Each sample (every {@code livepipe.steady.sampleSeconds}) records the platform's heap after
 * a full GC (the total of {@code jcmd GC.class_histogram}, which collects first), its RSS, open files and threads.
 *
 * <p>Flat means: after a warm-up (the first quarter of the samples, at least one), the
 * least-squares slope of each series, times the run's length, stays under a fixed slack plus a
 * per-hour allowance — heap 32 MB + 16 MB/h, RSS 96 MB + 48 MB/h, open files other than sockets
 * 24 + 8/h, sockets 24 + 8/h, threads 8 + 4/h — so a short run is judged by its slack and a long
 * one by the rate. Sockets are counted apart: their number is the clients' (each player keeps a
 * connection per track), the other descriptors are the platform's own. The series are judged
 * after the recordings are checked, so a run that fails one still prints its loss figures. At the end every
 * viewer saw no error, and each pass-through recording holds every frame FFmpeg sent (video packets
 * of the VOD = frame rate × seconds published: no dropped sample, no missing segment); the ladder's
 * renditions are as long as the publish. The test run does {@code livepipe.steady.minutes} = 2;
 * {@code ./livepipe soak --steady [MINUTES]} runs it for two hours by default.
 */
class SteadyStateSoakTest {
    static final int MINUTES = Integer.getInteger("livepipe.steady.minutes", 2);
    static final int SAMPLE_SECONDS = Integer.getInteger("livepipe.steady.sampleSeconds", MINUTES > 10 ? 60 : 10);
    static final int FPS = 30;

    /** One sample of the platform process. */
    record Sample(double minutes, double heapMb, double rssMb, int files, int sockets, int threads) { }

    @Test
    void fourChannelsWithViewersStayFlatAndLoseNothing() throws Exception {
        Path data = Files.createTempDirectory("steady");
        int httpPort = LocalPlatformHarness.freePort();
        int rtmpPort = LocalPlatformHarness.freePort();
        Process platform = PlatformProcess.start(data, httpPort, rtmpPort, List.of("-Xmx512m"));
        List<Process> publishers = new ArrayList<>();
        List<Process> viewers = new ArrayList<>();
        try {
            int seconds = MINUTES * 60;
            List<String> names = List.of("one", "two", "three", "ladder");
            List<String> locators = new ArrayList<>();
            for (String name : names) {
                String spec = name.equals("ladder")
                        ? ",\"mode\":\"encode\",\"ladder\":[{\"width\":640,\"height\":360,\"bitrate\":500000},{\"width\":320,\"height\":180,\"bitrate\":200000}]"
                        : "";
                String key = PlatformProcess.api(httpPort, "POST", "channels", "{\"name\":\"" + name + "\",\"keyFrameInterval\":\"PT2S\"" + spec + "}")
                        .get("streamKey").asText();
                PlatformProcess.api(httpPort, "POST", "channels/" + name + "/start", null);
                PlatformProcess.api(httpPort, "POST", "channels/" + name + "/programs",
                        "{\"name\":\"p\",\"assetName\":\"" + name + "-p\",\"archiveWindow\":\"PT3H\"}");
                locators.add(PlatformProcess.api(httpPort, "POST", "locators", "{\"assetName\":\"" + name + "-p\"}").get("id").asText());
                publishers.add(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                        "testsrc2=size=640x360:rate=" + FPS, "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", Integer.toString(seconds),
                        "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-b:v", "500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv",
                        "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key)
                        .redirectErrorStream(true).redirectOutput(data.resolve(name + "-ffmpeg.log").toFile()).start());
            }
            Thread.sleep(8000); // segments in every live window before the viewers come
            Path load = LocalPlatformHarness.repoRoot().resolve("tests/src/test/java/io/livepipe/tests/load/ViewerLoad.java");
            for (int i = 0; i < names.size(); i++) {
                viewers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", load.toString(),
                        "http://127.0.0.1:" + httpPort + "/" + locators.get(i) + "/master.m3u8", "10", Integer.toString(seconds - 20))
                        .redirectErrorStream(true).redirectOutput(data.resolve(names.get(i) + "-viewers.log").toFile()).start());
            }

            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            while (publishers.stream().anyMatch(Process::isAlive)) {
                samples.add(sample(platform.pid(), (System.nanoTime() - start) / 60e9));
                Sample s = samples.get(samples.size() - 1);
                System.out.printf(Locale.ROOT, "steady: t=%.1f min heap_after_gc_mb=%.1f rss_mb=%.1f open_files=%d sockets=%d threads=%d%n",
                        s.minutes(), s.heapMb(), s.rssMb(), s.files(), s.sockets(), s.threads());
                long next = start + TimeUnit.SECONDS.toNanos((long) SAMPLE_SECONDS * samples.size());
                while (System.nanoTime() < next && publishers.stream().anyMatch(Process::isAlive)) Thread.sleep(200);
            }
            for (Process p : publishers) assertEquals(0, p.waitFor(), "FFmpeg published to the end (logs in " + data + ")");
            for (int i = 0; i < viewers.size(); i++) {
                assertTrue(viewers.get(i).waitFor(60, TimeUnit.SECONDS));
                String line = Files.readString(data.resolve(names.get(i) + "-viewers.log"));
                System.out.println("steady: " + names.get(i) + " viewers " + line.trim());
                assertTrue(line.contains(" errors=0 "), names.get(i) + ": " + line);
                assertTrue(line.contains(" stalled_viewers=0"), names.get(i) + ": " + line);
            }

            // judged after the recordings are checked, so that a series that grows still leaves the loss figures printed
            double hours = MINUTES / 60.0;
            List<String> growing = new ArrayList<>();
            growing.add(growth("heap after GC MB", samples, Sample::heapMb, 32 + 16 * hours));
            growing.add(growth("RSS MB", samples, Sample::rssMb, 96 + 48 * hours));
            growing.add(growth("open files other than sockets", samples, s -> s.files(), 24 + 8 * hours));
            growing.add(growth("sockets", samples, s -> s.sockets(), 24 + 8 * hours));
            growing.add(growth("threads", samples, s -> s.threads(), 8 + 4 * hours));
            growing.removeIf(java.util.Objects::isNull);

            Thread.sleep(3000); // the last segments stamped
            for (int i = 0; i < names.size(); i++) {
                PlatformProcess.api(httpPort, "POST", "channels/" + names.get(i) + "/programs/p/stop", null);
            }
            for (int i = 0; i < names.size(); i++) {
                String vod = "http://127.0.0.1:" + httpPort + "/" + locators.get(i) + "/master.m3u8";
                if (names.get(i).equals("ladder")) {
                    double secs = Double.parseDouble(probe(vod, "format=duration"));
                    System.out.printf(Locale.ROOT, "steady: ladder VOD %.1f s of %d published%n", secs, seconds);
                    assertTrue(Math.abs(secs - seconds) <= 3, "the ladder recorded " + secs + " s of " + seconds);
                } else {
                    long frames = Long.parseLong(probe(vod, "stream=nb_read_packets"));
                    System.out.println("steady: " + names.get(i) + " VOD video packets " + frames + " of " + (long) FPS * seconds + " sent");
                    assertEquals((long) FPS * seconds, frames, names.get(i) + ": every frame FFmpeg sent is in the recording");
                }
            }
            assertTrue(growing.isEmpty(), String.join("; ", growing));
        } finally {
            publishers.forEach(Process::destroy);
            viewers.forEach(Process::destroy);
            platform.destroy();
            platform.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * The fitted slope of {@code series} after the warm-up times the run's span, printed; null when
     * it is at most {@code allowed}, else what grew.
     */
    static String growth(String what, List<Sample> samples, java.util.function.ToDoubleFunction<Sample> series, double allowed) {
        List<Sample> steady = samples.subList(Math.max(1, samples.size() / 4), samples.size());
        assertTrue(steady.size() >= 3, "too few samples: " + samples.size());
        double n = steady.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Sample s : steady) {
            double x = s.minutes(), y = series.applyAsDouble(s);
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        double slopePerMinute = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double span = steady.get(steady.size() - 1).minutes() - steady.get(0).minutes();
        double growth = slopePerMinute * span;
        System.out.printf(Locale.ROOT, "steady: %s slope %.3f per hour, fitted growth %.2f over %.1f min (allowed %.1f)%n",
                what, slopePerMinute * 60, growth, span, allowed);
        return growth <= allowed ? null : what + " grows: " + growth + " over " + span + " min (allowed " + allowed + ")";
    }

    static Sample sample(long pid, double minutes) throws Exception {
        // the class histogram is taken after a full GC: its total is the live heap, whatever is allocated meanwhile
        String histogram = run("jcmd", Long.toString(pid), "GC.class_histogram");
        Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
        if (!m.find()) throw new AssertionError("no live heap total in the class histogram");
        double heapMb = Long.parseLong(m.group(1)) / 1048576.0;
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        Matcher threads = Pattern.compile("Threads:\\s+(\\d+)").matcher(status);
        if (!rss.find() || !threads.find()) throw new AssertionError("no RSS or thread count in /proc/" + pid + "/status");
        // sockets apart: their number follows the clients (players, publishers), the rest follows the platform alone
        int files = 0, sockets = 0;
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:")) sockets++; else files++;
            }
        }
        return new Sample(minutes, heapMb, Long.parseLong(rss.group(1)) / 1024.0, files, sockets, Integer.parseInt(threads.group(1)));
    }

    static String probe(String url, String entry) throws Exception {
        return run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", entry,
                "-of", "csv=p=0", url).trim().split("\\R")[0].replace(",", "");
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
