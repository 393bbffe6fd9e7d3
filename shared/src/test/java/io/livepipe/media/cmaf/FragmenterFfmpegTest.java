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
public class FragmenterFfmpegTest {
    @TempDir
    static Path dir;
    static List<FlvTag> tags;
    /** The same source without B-frames (no reordering delay), shorter. */
    static List<FlvTag> noBFrames;

    @BeforeAll
    static void source() throws Exception {
        tags = x264(dir, "in.flv", "6.9", "2");
        noBFrames = x264(dir, "nob.flv", "4.1", "0");
    }

    /** FFmpeg's FLV of a test pattern and a tone, x264 with {@code bFrames} B-frames, read into tags. */
    public static List<FlvTag> x264(Path dir, String name, String seconds, String bFrames) throws Exception {
        Path flv = dir.resolve(name);
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", seconds, "-c:v", "libx264", "-preset", "ultrafast",
                "-bf", bFrames, "-x264-params", "b-adapt=0", "-g", "50", "-c:a", "aac", "-f", "flv", flv.toString()));
        return FlvFile.tags(Files.readAllBytes(flv));
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    static List<Segment> fragment(List<FlvTag> in, boolean twice) {
        return fragment(twice ? List.of(in, in) : List.of(in));
    }

    /** Each list is one encoder session; a reconnect between them. */
    static List<Segment> fragment(List<List<FlvTag>> sessions) {
        List<Segment> out = new ArrayList<>();
        Fragmenter f = new Fragmenter(Duration.ofSeconds(2), out::add);
        for (int round = 0; round < sessions.size(); round++) {
            if (round > 0) f.discontinuity();
            for (FlvTag t : sessions.get(round)) {
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
     * With B-frames, presentation times never go back at a fragment boundary, within a session
     * and across reconnects: each fragment presents from its keyframe (the first sample, at its
     * {@code tfdt} plus the encoder's reordering delay, its composition offset as contributed),
     * after every frame of the fragment before it. Reconnects: the same settings again, then a
     * session without B-frames (a shorter reordering delay: its first frame would present
     * before the last frames of the session before it if it only continued after their decode
     * times), with and without audio. The tracks of a session move alike: A/V sync as contributed.
     */
    @Test
    void everyVideoFragmentPresentsFromItsKeyframeAfterTheFragmentBeforeItAcrossReconnects() {
        List<FlvTag> videoOnly = tags.stream().filter(FragmenterFfmpegTest::video).toList();
        List<FlvTag> videoOnlyNoB = noBFrames.stream().filter(FragmenterFfmpegTest::video).toList();
        for (List<List<FlvTag>> sessions : List.of(List.of(tags), List.of(tags, tags), List.of(tags, noBFrames, tags),
                List.of(videoOnly, videoOnlyNoB, videoOnly))) {
            List<Segment> out = fragment(sessions);
            List<Segment> video = out.stream().filter(s -> !s.init() && s.type() == TrackType.VIDEO).toList();
            assertEquals(sessions.size(), 1 + video.stream().filter(Segment::discontinuity).count());
            long lastPts = -1;
            long lastEnd = 0;
            long decodeEnd = 0;
            for (Segment s : video) {
                io.livepipe.media.mp4.Fragment f = io.livepipe.media.mp4.Fragment.parse(s.bytes());
                assertEquals(s.decodeTime(), f.baseDecodeTime());
                long dts = f.baseDecodeTime();
                long earliest = Long.MAX_VALUE;
                long latest = Long.MIN_VALUE;
                long latestEnd = Long.MIN_VALUE;
                for (io.livepipe.media.mp4.Fragment.SampleEntry e : f.samples()) {
                    assertTrue(e.compositionOffset() >= 0, s + ": composition offsets as contributed, never negative");
                    long pts = dts + e.compositionOffset();
                    earliest = Math.min(earliest, pts);
                    latest = Math.max(latest, pts);
                    latestEnd = Math.max(latestEnd, pts + e.duration());
                    dts += e.duration();
                }
                assertTrue(s.startsWithKeyframe(), s.toString());
                assertEquals(s.decodeTime() + f.samples().get(0).compositionOffset(), earliest, s + ": presents from its keyframe");
                assertTrue(earliest > lastPts, sessions.size() + " sessions, " + s + " presents from " + earliest
                        + ", not after the fragment before it, presented until " + lastPts);
                assertTrue(earliest >= lastEnd - 90 * 2, s + " presents from " + earliest + ", the fragment before it until " + lastEnd);
                assertTrue(s.decodeTime() >= decodeEnd, s + ": decode times never go back");
                if (!s.discontinuity()) assertTrue(decodeEnd == 0 || s.decodeTime() == decodeEnd, s + ": continuous within a session");
                lastPts = latest;
                lastEnd = latestEnd;
                decodeEnd = s.decodeTime() + s.duration();
            }
            if (sessions.get(0) == tags) assertSessionsShiftAlike(out, sessions);
        }
    }

    static boolean video(FlvTag t) {
        return t instanceof FlvTag.Config c ? c.config().type() == TrackType.VIDEO
                : t instanceof FlvTag.Sample s && s.sample().type() == TrackType.VIDEO;
    }

    /** Each session's first video fragment starts as far from its first audio fragment as the contribution's first samples are. */
    static void assertSessionsShiftAlike(List<Segment> out, List<List<FlvTag>> sessions) {
        List<Segment> starts = out.stream().filter(s -> !s.init() && (s.sequence() == 1 || s.discontinuity())).toList();
        for (int i = 0; i < sessions.size(); i++) {
            int session = i;
            double video = starts.stream().filter(s -> s.type() == TrackType.VIDEO).skip(session).findFirst().map(s -> s.decodeTime() / 90_000.0).orElseThrow();
            double audio = starts.stream().filter(s -> s.type() == TrackType.AUDIO).skip(session).findFirst()
                    .map(s -> s.decodeTime() / (double) s.track().timescale()).orElseThrow();
            long v = first(sessions.get(i), TrackType.VIDEO);
            long a = first(sessions.get(i), TrackType.AUDIO);
            assertEquals((v - a) / 1000.0, video - audio, 0.0015, "session " + i + ": video starts where it did relative to audio");
        }
    }

    static long first(List<FlvTag> session, TrackType type) {
        return session.stream().filter(t -> t instanceof FlvTag.Sample s && s.sample().type() == type)
                .map(t -> ((FlvTag.Sample) t).sample().decodeTime()).findFirst().orElseThrow();
    }
}
