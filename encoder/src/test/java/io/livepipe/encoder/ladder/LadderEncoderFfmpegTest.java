package io.livepipe.encoder.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.archive.SegmentName;
import io.livepipe.channel.Ladder;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.flv.FlvReader;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live-encoding ladder with the real FFmpeg: rungs never upscaled, keyframes aligned, decodable; crashes restart. */
class LadderEncoderFfmpegTest {
    @TempDir
    static Path dir;
    static List<FlvTag> tags;

    @BeforeAll
    static void source() throws Exception {
        Path flv = dir.resolve("in.flv");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "60", "-c:a", "aac", "-f", "flv", flv.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        tags = new ArrayList<>();
        try (FileInputStream in = new FileInputStream(flv.toFile())) {
            FlvReader r = new FlvReader(in);
            for (FlvTag t; (t = r.next()) != null; ) tags.add(t);
        }
    }

    static void feed(LadderEncoder l, List<FlvTag> tags, long offsetMs) {
        for (FlvTag t : tags) {
            if (t instanceof FlvTag.Config c) l.config(c.config());
            if (t instanceof FlvTag.Sample s) {
                var m = s.sample();
                l.sample(new io.livepipe.media.MediaSample(m.type(), m.decodeTime() + offsetMs, m.compositionOffset(), m.keyframe(), m.data()));
            }
        }
    }

    static Map<String, List<SegmentName>> segments(FileBlobStore store, String run) {
        return store.list(SegmentName.runPrefix("ch", run)).stream().map(BlobProperties::path).map(SegmentName::parse)
                .map(o -> o.orElseThrow()).filter(n -> !n.init())
                .collect(Collectors.groupingBy(SegmentName::rendition, TreeMap::new, Collectors.toList()));
    }

    static void awaitSegments(FileBlobStore store, String run, int renditions, int perRendition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Map<String, List<SegmentName>> s = segments(store, run);
            if (s.size() >= renditions && s.values().stream().allMatch(l -> l.size() >= perRendition)) return;
            Thread.sleep(200);
        }
    }

    static String probe(FileBlobStore store, String run, String rendition) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        String prefix = SegmentName.runPrefix("ch", run) + rendition + "/";
        all.writeBytes(store.get(prefix + "init.mp4").orElseThrow().data());
        for (BlobProperties p : store.list(prefix)) if (p.path().endsWith(".m4s")) all.writeBytes(store.get(p.path()).orElseThrow().data());
        Path f = Files.createTempFile(dir, rendition, ".mp4");
        Files.write(f, all.toByteArray());
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    @Test
    void ladderRungsAreNeverUpscaledKeyframeAlignedAndDecodable() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("a"), "media", EventPublisher.none(), Clock.systemUTC());
        LadderEncoder l = new LadderEncoder(store, "ch", "r1", Ladder.DEFAULT_720P, Duration.ofSeconds(2), "ultrafast", code -> { });
        feed(l, tags, 0);
        l.disconnected();
        awaitSegments(store, "r1", 4, 3);
        Map<String, List<SegmentName>> s = segments(store, "r1");
        assertEquals(List.of("audio", "video_200000", "video_550000", "video_850000"), new ArrayList<>(s.keySet()),
                "640x360 input: only the 512x288, 384x216 and 340x192 rungs");
        List<SegmentName> ref = s.get("video_850000");
        for (String r : List.of("video_550000", "video_200000")) {
            List<SegmentName> other = s.get(r);
            assertEquals(ref.size(), other.size(), r);
            for (int i = 0; i < ref.size(); i++) {
                assertEquals(ref.get(i).decodeTime(), other.get(i).decodeTime(), r + " segment " + i + " starts with the others");
                assertTrue(other.get(i).keyframe());
            }
        }
        for (int i = 0; i < ref.size() - 1; i++) assertEquals(2.0, ref.get(i).duration() / 90_000.0, 0.04, "2 s fragments");
        assertEquals("512,288", probe(store, "r1", "video_850000"));
        assertEquals("340,192", probe(store, "r1", "video_200000"));
        assertTrue(s.get("audio").size() >= 3);
    }

    /** Issue 19: after a restart (a new encoder for the stored run) every rung continues after what is stored, still aligned. */
    @Test
    void aLadderStartingOnAStoredRunContinuesEveryRungAfterIt() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("restart"), "media", EventPublisher.none(), Clock.systemUTC());
        LadderEncoder first = new LadderEncoder(store, "ch", "r4", Ladder.DEFAULT_720P, Duration.ofSeconds(2), "ultrafast", code -> { });
        feed(first, tags, 0);
        first.disconnected();
        assertTrue(first.awaitFinished(Duration.ofSeconds(60)));
        Map<String, Integer> before = new TreeMap<>();
        segments(store, "r4").forEach((r, l) -> before.put(r, l.size()));
        LadderEncoder second = new LadderEncoder(store, "ch", "r4", Ladder.DEFAULT_720P, Duration.ofSeconds(2), "ultrafast", code -> { });
        feed(second, tags, 0);
        second.disconnected();
        assertTrue(second.awaitFinished(Duration.ofSeconds(60)));
        Map<String, List<SegmentName>> s = segments(store, "r4");
        List<Long> starts = new ArrayList<>();
        for (Map.Entry<String, List<SegmentName>> e : s.entrySet()) {
            List<SegmentName> v = e.getValue();
            int n = before.get(e.getKey());
            assertTrue(v.size() > n, e.getKey() + " stored the second session");
            assertEquals(v.get(n - 1).sequence() + 1, v.get(n).sequence(), e.getKey() + " numbering continues");
            assertTrue(v.get(n).discontinuity(), e.getKey() + " one marked discontinuity");
            for (int i = 1; i < v.size(); i++) assertTrue(v.get(i).decodeTime() >= v.get(i - 1).decodeTime() + v.get(i - 1).duration(), e.getKey());
            if (!e.getKey().equals("audio")) starts.add(v.get(n).decodeTime());
        }
        // the rung that carries the audio re-anchors on its first sample, which may be audio: within a frame of the others
        long spread = starts.stream().mapToLong(Long::longValue).max().orElseThrow() - starts.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread <= 90_000 / 25, "the rungs continue within one frame of each other: " + starts);
    }

    @Test
    void aCrashedFfmpegIsReportedAndRestartedAndTheRenditionsContinue() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("b"), "media", EventPublisher.none(), Clock.systemUTC());
        List<Integer> crashes = new CopyOnWriteArrayList<>();
        LadderEncoder l = new LadderEncoder(store, "ch", "r2", Ladder.DEFAULT_720P, Duration.ofSeconds(2), "ultrafast", crashes::add);
        feed(l, tags, 0);
        awaitSegments(store, "r2", 4, 1);
        Process first = l.process();
        assertNotNull(first);
        first.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((crashes.isEmpty() || l.process() == null || l.process() == first) && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(1, crashes.size(), "the crash is reported once");
        assertTrue(l.process() != null && l.process() != first, "FFmpeg runs again");
        int before = segments(store, "r2").get("video_850000").size();
        feed(l, tags.subList(0, tags.size()), 6000);
        l.disconnected();
        awaitSegments(store, "r2", 4, before + 2);
        List<SegmentName> v = segments(store, "r2").get("video_850000");
        assertTrue(v.size() >= before + 2, "the rendition continues after the restart");
        assertTrue(v.stream().anyMatch(SegmentName::discontinuity), "the restart is a discontinuity");
        for (int i = 1; i < v.size(); i++) assertTrue(v.get(i).decodeTime() >= v.get(i - 1).decodeTime() + v.get(i - 1).duration());
    }

    @Test
    void aCustomLadderInTheChannelDocumentIsWhatFfmpegEncodes() throws Exception {
        FileBlobStore state = new FileBlobStore(dir.resolve("state"), "state", EventPublisher.none(), Clock.systemUTC());
        var docs = new io.livepipe.storage.JsonDocuments(state);
        var channels = new io.livepipe.channel.ChannelService(docs, EventPublisher.none(),
                new io.livepipe.events.EventFactory("/t", Clock.systemUTC()), Clock.systemUTC(), new java.security.SecureRandom(),
                (n, k) -> io.livepipe.channel.IngestEndpoints.of("h", 1, 2, n, k));
        var request = io.livepipe.json.JsonInput.parse("""
                {"name":"ch","mode":"encode","ladder":[{"width":480,"height":270,"bitrate":500000},
                 {"width":256,"height":144,"bitrate":150000}]}""", io.livepipe.channel.ChannelRequest.class);
        channels.create("ch", request.toSpec());
        Ladder ladder = channels.get("ch").ladder();

        FileBlobStore store = new FileBlobStore(dir.resolve("c"), "media", EventPublisher.none(), Clock.systemUTC());
        LadderEncoder l = new LadderEncoder(store, "ch", "r3", ladder, Duration.ofSeconds(2), "ultrafast", code -> { });
        feed(l, tags, 0);
        l.disconnected();
        awaitSegments(store, "r3", 3, 3);
        assertEquals(List.of("audio", "video_150000", "video_500000"), new ArrayList<>(segments(store, "r3").keySet()),
                "the channel's own rungs, not a preset's");
        assertEquals("480,270", probe(store, "r3", "video_500000"));
        assertEquals("256,144", probe(store, "r3", "video_150000"));
    }
}
