package io.livepipe.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.TrackType;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.mp4.Fragment;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked CMAF: the parts of each fragment are its samples, in order, each about the part target; FFmpeg reads them. */
class FragmenterPartsTest {
    @TempDir
    static Path dir;
    static List<FlvTag> tags;

    @BeforeAll
    static void source() throws Exception {
        Path flv = dir.resolve("in.flv");
        FragmenterFfmpegTest.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6.9", "-c:v", "libx264", "-preset", "ultrafast",
                "-bf", "2", "-x264-params", "b-adapt=0", "-g", "50", "-c:a", "aac", "-f", "flv", flv.toString()));
        tags = FlvFile.tags(Files.readAllBytes(flv));
    }

    record Out(List<Segment> segments, List<Part> parts) { }

    static Out fragment(Duration part) {
        List<Segment> segments = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        Fragmenter f = new Fragmenter(Duration.ofSeconds(2), segments::add, part, parts::add);
        for (FlvTag t : tags) {
            if (t instanceof FlvTag.Config c) f.config(c.config());
            if (t instanceof FlvTag.Sample s) f.sample(s.sample());
        }
        f.flush();
        return new Out(segments, parts);
    }

    @Test
    void partsOfEachFragmentHoldItsSamplesInOrder() {
        Out o = fragment(Duration.ofMillis(500));
        for (Segment s : o.segments()) {
            if (s.init()) continue;
            List<Part> mine = o.parts().stream().filter(p -> p.type() == s.type() && p.segmentSequence() == s.sequence()).toList();
            assertFalse(mine.isEmpty(), s.toString());
            Fragment whole = Fragment.parse(s.bytes());
            List<Fragment.SampleEntry> joined = new ArrayList<>();
            long t = s.decodeTime();
            for (int i = 0; i < mine.size(); i++) {
                Part p = mine.get(i);
                assertEquals(i, p.index());
                assertEquals(t, p.decodeTime(), p + " starts where the previous part ended");
                Fragment f = Fragment.parse(p.bytes());
                assertEquals(p.decodeTime(), f.baseDecodeTime());
                joined.addAll(f.samples());
                t += p.duration();
            }
            assertEquals(s.decodeTime() + s.duration(), t, "the parts of " + s + " span it");
            assertEquals(whole.samples(), joined, "the parts of " + s + " are its samples");
            assertTrue(mine.get(0).independent(), "a fragment's first part starts with its keyframe");
        }
    }

    @Test
    void videoPartsLastAboutThePartTarget() {
        Out o = fragment(Duration.ofMillis(500));
        List<Part> video = o.parts().stream().filter(p -> p.type() == TrackType.VIDEO).toList();
        assertTrue(video.size() >= 12, "6.9 s in 0.5 s parts: " + video.size());
        for (Part p : video) {
            long ms = p.duration() * 1000 / 90_000;
            assertTrue(ms <= 500, p + " lasts " + ms + " ms: never past the part target");
        }
        long independent = video.stream().filter(Part::independent).count();
        assertEquals(o.segments().stream().filter(s -> !s.init() && s.type() == TrackType.VIDEO).count(), independent,
                "only parts that start a fragment start with a keyframe (GOP = fragment)");
    }

    @Test
    void ffprobeReadsTheInitAndTheParts() throws Exception {
        Out o = fragment(Duration.ofMillis(300));
        for (TrackType type : TrackType.values()) {
            ByteArrayOutputStream parts = new ByteArrayOutputStream();
            ByteArrayOutputStream segments = new ByteArrayOutputStream();
            for (Segment s : o.segments()) {
                if (s.type() != type) continue;
                if (s.init()) parts.writeBytes(s.bytes());
                segments.writeBytes(s.bytes());
            }
            for (Part p : o.parts()) if (p.type() == type) parts.writeBytes(p.bytes());
            Path a = Files.write(dir.resolve(type + "-parts.mp4"), parts.toByteArray());
            Path b = Files.write(dir.resolve(type + "-segments.mp4"), segments.toByteArray());
            assertEquals(FragmenterFfmpegTest.packets(b).size(), FragmenterFfmpegTest.packets(a).size(), type.toString());
            List<String[]> pa = FragmenterFfmpegTest.packets(a);
            List<String[]> pb = FragmenterFfmpegTest.packets(b);
            for (int i = 0; i < pa.size(); i++) assertEquals(String.join(",", pb.get(i)), String.join(",", pa.get(i)));
        }
    }

    @Test
    void noPartsWithoutAPartTargetAndNoneLongerThanTheSegmentTarget() {
        assertTrue(fragment(Duration.ZERO).parts().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Fragmenter(Duration.ofSeconds(2), s -> { }, Duration.ofSeconds(3), p -> { }));
    }
}
