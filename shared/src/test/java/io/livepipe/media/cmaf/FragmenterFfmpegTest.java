package io.livepipe.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.TrackType;
import io.livepipe.media.flv.FlvTag;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our CMAF output, read back by ffprobe and FFmpeg (real peers no one here wrote). */
class FragmenterFfmpegTest {
    @TempDir
    static Path dir;
    static List<FlvTag> tags;

    @BeforeAll
    static void source() throws Exception {
        Path flv = dir.resolve("in.flv");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6.9", "-c:v", "libx264", "-preset", "ultrafast",
                "-bf", "2", "-x264-params", "b-adapt=0", "-g", "50", "-c:a", "aac", "-f", "flv", flv.toString()));
        tags = FlvFile.tags(Files.readAllBytes(flv));
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    static List<Segment> fragment(List<FlvTag> in, boolean twice) {
        List<Segment> out = new ArrayList<>();
        Fragmenter f = new Fragmenter(Duration.ofSeconds(2), out::add);
        for (int round = 0; round < (twice ? 2 : 1); round++) {
            if (round == 1) f.discontinuity();
            for (FlvTag t : in) {
                if (t instanceof FlvTag.Config c) f.config(c.config());
                if (t instanceof FlvTag.Sample s) f.sample(s.sample());
            }
        }
        f.flush();
        return out;
    }

    static Path write(List<Segment> segments, TrackType type, String name) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Segment s : segments) if (s.type() == type) b.writeBytes(s.bytes());
        Path p = dir.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    static List<String[]> packets(Path file) throws Exception {
        String csv = run(List.of("ffprobe", "-v", "error", "-show_entries", "packet=pts_time,dts_time,flags", "-of", "csv=p=0", file.toString()));
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\n")) if (!line.isBlank()) rows.add(line.split(","));
        return rows;
    }

    @Test
    void ffmpegDecodesEveryTrackWithoutErrorAndAllFrames() throws Exception {
        List<Segment> segs = fragment(tags, false);
        Path video = write(segs, TrackType.VIDEO, "video.mp4");
        Path audio = write(segs, TrackType.AUDIO, "audio.mp4");
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", video.toString(), "-f", "null", "-")).trim());
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", audio.toString(), "-f", "null", "-")).trim());
        long inputVideo = tags.stream().filter(t -> t instanceof FlvTag.Sample s && s.sample().type() == TrackType.VIDEO).count();
        long inputAudio = tags.stream().filter(t -> t instanceof FlvTag.Sample s && s.sample().type() == TrackType.AUDIO).count();
        List<String[]> v = packets(video);
        assertEquals(inputVideo, v.size());
        assertEquals(inputAudio, packets(audio).size());
        assertTrue(v.stream().anyMatch(r -> !r[0].equals(r[1])), "B-frames: some pts differ from dts");
        String dur = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", video.toString())).trim();
        assertEquals(6.9, Double.parseDouble(dur), 0.1);
        String info = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", video.toString())).trim();
        assertEquals("h264,640,360", info);
    }

    @Test
    void videoFragmentsStartOnKeyframesAtTheTargetAndAudioAlignsWithin1Frame() {
        List<Segment> segs = fragment(tags, false);
        List<Segment> video = segs.stream().filter(s -> !s.init() && s.type() == TrackType.VIDEO).toList();
        List<Segment> audio = segs.stream().filter(s -> !s.init() && s.type() == TrackType.AUDIO).toList();
        assertEquals(4, video.size(), "6.9 s with a keyframe every 2 s");
        for (int i = 0; i < video.size(); i++) {
            Segment s = video.get(i);
            assertTrue(s.startsWithKeyframe());
            assertEquals(i + 1, s.sequence());
            if (i < 3) assertEquals(2.0, s.duration() / 90_000.0, 0.001);
            if (i > 0) assertEquals(video.get(i - 1).decodeTime() + video.get(i - 1).duration(), s.decodeTime(), "continuous");
        }
        for (int i = 1; i < audio.size(); i++) {
            assertEquals(audio.get(i - 1).decodeTime() + audio.get(i - 1).duration(), audio.get(i).decodeTime(), "continuous audio");
        }
        assertEquals(video.size(), audio.size());
        for (int i = 1; i < video.size(); i++) {
            double vs = video.get(i).decodeTime() / 90_000.0;
            double as = audio.get(i).decodeTime() / 44_100.0;
            assertEquals(vs, as, 1024 / 44_100.0 + 1e-9, "segment " + i + " boundaries align within one audio frame");
        }
    }

    @Test
    void reconnectContinuesTheTimelineAndIsFlaggedAndStillPlays() throws Exception {
        List<Segment> segs = fragment(tags, true);
        List<Segment> video = segs.stream().filter(s -> !s.init() && s.type() == TrackType.VIDEO).toList();
        assertEquals(8, video.size());
        Segment first = video.get(4);
        assertTrue(first.discontinuity());
        assertTrue(video.stream().filter(Segment::discontinuity).count() == 1);
        Segment before = video.get(3);
        assertTrue(first.decodeTime() >= before.decodeTime() + before.duration(), "never goes back");
        assertTrue(first.decodeTime() - (before.decodeTime() + before.duration()) <= 100 * 90,
                "continues within 0.1 s (both tracks shift alike, to keep A/V sync)");
        Path v = write(segs.stream().filter(s -> !s.init() || s.sequence() == 0).toList(), TrackType.VIDEO, "video2.mp4");
        assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", v.toString(), "-f", "null", "-")).trim());
        assertEquals(2 * tags.stream().filter(t -> t instanceof FlvTag.Sample s && s.sample().type() == TrackType.VIDEO).count(),
                packets(v).size());
    }

    /**
     * With B-frames every fragment presents from its decode time (the first sample, a keyframe,
     * has composition offset 0; the reordered frames before it get negative offsets in trun v1),
     * so a fragment's earliest presentation time is the time the manifests give it, and
     * presentation times never go back across a fragment boundary, before or after a reconnect.
     */
    @Test
    @org.junit.jupiter.api.Disabled("composition shift reverted: it moved video earlier than audio (ArchiveEndToEndTest A/V lead) and broke VOD dts after restarts (CrashConsistencyTest); issue 16 item 2 stays open")
    void everyVideoFragmentPresentsFromItsDecodeTimeAndNeverGoesBack() {
        for (boolean twice : new boolean[] {false, true}) {
            List<Segment> video = fragment(tags, twice).stream().filter(s -> !s.init() && s.type() == TrackType.VIDEO).toList();
            long lastEnd = 0;
            for (Segment s : video) {
                io.livepipe.media.mp4.Fragment f = io.livepipe.media.mp4.Fragment.parse(s.bytes());
                assertEquals(0, f.samples().get(0).compositionOffset(), s + ": the keyframe presents at the decode time");
                long dts = f.baseDecodeTime();
                long earliest = Long.MAX_VALUE;
                long latestEnd = Long.MIN_VALUE;
                for (io.livepipe.media.mp4.Fragment.SampleEntry e : f.samples()) {
                    earliest = Math.min(earliest, dts + e.compositionOffset());
                    latestEnd = Math.max(latestEnd, dts + e.compositionOffset() + e.duration());
                    dts += e.duration();
                }
                assertEquals(s.decodeTime(), earliest, s + ": earliest presentation time = tfdt");
                assertTrue(earliest >= lastEnd - 90 * 2, s + " presents from " + earliest + " after the previous fragment ended at " + lastEnd);
                lastEnd = latestEnd;
            }
        }
    }
}
