package io.livepipe.media.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.aac.AacConfig;
import io.livepipe.media.h264.AvcConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demuxer on transport streams FFmpeg wrote, its samples checked against what ffprobe reads from the same file. */
class TsDemuxerFfmpegTest {
    @TempDir
    static Path dir;
    static byte[] ts;
    static List<long[]> probedVideo;
    static List<long[]> probedAudio;

    @BeforeAll
    static void source() throws Exception {
        Path out = dir.resolve("in.ts");
        ffmpeg(out, List.of("-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-x264-params", "b-adapt=0", "-g", "50",
                "-c:a", "aac"), List.of());
        ts = Files.readAllBytes(out);
        probedVideo = probe(out, "v:0");
        probedAudio = probe(out, "a:0");
    }

    static void ffmpeg(Path out, List<String> codecs, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "4"));
        cmd.addAll(codecs);
        cmd.addAll(extra);
        cmd.addAll(List.of("-f", "mpegts", out.toString()));
        run(cmd);
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    /** ffprobe's dts and pts of each packet of a stream, in milliseconds (from its 90 kHz values). */
    static List<long[]> probe(Path file, String stream) throws Exception {
        String csv = run(List.of("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "packet=dts,pts",
                "-of", "csv=p=0", file.toString()));
        List<long[]> out = new ArrayList<>();
        for (String line : csv.strip().split("\n")) {
            String[] f = line.strip().split(",");
            if (f.length < 2 || f[0].isBlank()) continue;
            out.add(new long[] {Math.floorDiv(Long.parseLong(f[1].strip()), 90), Math.floorDiv(Long.parseLong(f[0].strip()), 90)});
        }
        return out;
    }

    static List<TsEvent> demux(byte[] in, Random splits) {
        TsDemuxer d = new TsDemuxer(TsLimits.defaults());
        List<TsEvent> out = new ArrayList<>();
        int i = 0;
        while (i < in.length) {
            int n = splits == null ? in.length : Math.min(in.length - i, 1 + splits.nextInt(1500));
            out.addAll(d.feed(in, i, n));
            i += n;
        }
        out.addAll(d.flush());
        return out;
    }

    static List<MediaSample> samples(List<TsEvent> events, TrackType type) {
        return events.stream().filter(e -> e instanceof TsEvent.Sample s && s.sample().type() == type)
                .map(e -> ((TsEvent.Sample) e).sample()).toList();
    }

    @Test
    void everyAccessUnitAndAacFrameComesOutWithFfprobesTimestamps() {
        List<TsEvent> events = demux(ts, null);
        List<MediaSample> video = samples(events, TrackType.VIDEO);
        List<MediaSample> audio = samples(events, TrackType.AUDIO);
        assertEquals(probedVideo.size(), video.size());
        for (int i = 0; i < video.size(); i++) {
            assertEquals(probedVideo.get(i)[0], video.get(i).decodeTime(), "dts of video " + i);
            assertEquals(probedVideo.get(i)[1], video.get(i).presentationTime(), "pts of video " + i);
        }
        assertTrue(video.get(0).keyframe());
        assertEquals(2, video.stream().filter(MediaSample::keyframe).count()); // -g 50 over 100 frames
        assertTrue(video.stream().anyMatch(s -> s.compositionOffset() > 0), "B-frames give composition offsets");
        // ffprobe counts ADTS PES packets; each carries whole frames, 1024 samples apart
        long frames = Math.round(4.0 * 44100 / 1024);
        assertTrue(Math.abs(audio.size() - frames) <= 2, audio.size() + " audio frames");
        assertEquals(probedAudio.get(0)[0], audio.get(0).decodeTime());
        for (int i = 1; i < audio.size(); i++) {
            long expected = audio.get(0).decodeTime() + (long) i * 1024 * 1000 / 44100;
            assertTrue(Math.abs(audio.get(i).decodeTime() - expected) <= 1, "audio frame " + i);
        }
    }

    @Test
    void configurationsComeFirstAndParse() {
        List<TsEvent> events = demux(ts, null);
        TsEvent.Config v = (TsEvent.Config) events.stream().filter(e -> e instanceof TsEvent.Config c && c.config().type() == TrackType.VIDEO).findFirst().orElseThrow();
        AvcConfig avc = AvcConfig.parse(v.config().config());
        assertEquals(320, avc.width());
        assertEquals(180, avc.height());
        TsEvent.Config a = (TsEvent.Config) events.stream().filter(e -> e instanceof TsEvent.Config c && c.config().type() == TrackType.AUDIO).findFirst().orElseThrow();
        AacConfig aac = AacConfig.parse(a.config().config());
        assertEquals(44100, aac.sampleRate());
        assertEquals(2, aac.objectType());
        assertEquals(2, events.stream().filter(e -> e instanceof TsEvent.Config).count(), "configurations are not repeated");
        assertTrue(events.indexOf(v) < events.indexOf(events.stream().filter(e -> e instanceof TsEvent.Sample s && s.sample().type() == TrackType.VIDEO).findFirst().orElseThrow()));
    }

    @Test
    void fedByteByByteAndInRandomSplitsItGivesTheSameEvents() {
        String whole = dump(demux(ts, null));
        assertEquals(whole, dump(demux(ts, new Random(1))));
        TsDemuxer d = new TsDemuxer(TsLimits.defaults());
        List<TsEvent> bytewise = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) bytewise.addAll(d.feed(ts, i, 1));
        bytewise.addAll(d.flush());
        assertEquals(whole, dump(bytewise));
    }

    @Test
    void timestampsContinueAcrossThe33BitWrap() throws Exception {
        Path out = dir.resolve("wrap.ts");
        // 2^33 / 90 kHz = 95443.717 s: the wrap falls in the middle of the 4 s
        ffmpeg(out, List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"), List.of("-output_ts_offset", "95442"));
        List<TsEvent> events = demux(Files.readAllBytes(out), new Random(2));
        for (TrackType t : TrackType.values()) {
            List<MediaSample> s = samples(events, t);
            assertTrue(s.size() > 50);
            for (int i = 1; i < s.size(); i++) {
                long step = s.get(i).decodeTime() - s.get(i - 1).decodeTime();
                assertTrue(step >= 0 && step <= 100, t + " step " + step + " at " + i);
            }
            assertTrue(s.get(s.size() - 1).decodeTime() > Timeline.WRAP / 90, t + " ends after the wrap point");
        }
    }

    @Test
    void aLostPacketIsReportedAsADiscontinuityOfItsTrack() {
        // drop one packet in the middle that belongs to the video PID (0x100 in FFmpeg's layout)
        int victim = -1;
        for (int i = ts.length / 2 / 188 * 188; i < ts.length; i += 188) {
            if ((((ts[i + 1] & 0x1f) << 8) | (ts[i + 2] & 0xff)) == 0x100 && (ts[i + 1] & 0x40) == 0) {
                victim = i;
                break;
            }
        }
        byte[] cut = new byte[ts.length - 188];
        System.arraycopy(ts, 0, cut, 0, victim);
        System.arraycopy(ts, victim + 188, cut, victim, ts.length - victim - 188);
        List<TsEvent> events = demux(cut, null);
        List<TsEvent> gaps = events.stream().filter(e -> e instanceof TsEvent.Discontinuity).toList();
        assertEquals(1, gaps.size());
        assertEquals(TrackType.VIDEO, ((TsEvent.Discontinuity) gaps.get(0)).type());
        assertEquals(samples(demux(ts, null), TrackType.VIDEO).size() - 1, samples(events, TrackType.VIDEO).size(), "the damaged access unit is dropped");
    }

    @Test
    void otherCodecsAreReportedUnsupported() throws Exception {
        Path out = dir.resolve("mpeg2.ts");
        ffmpeg(out, List.of("-c:v", "mpeg2video", "-c:a", "mp2"), List.of());
        List<TsEvent> events = demux(Files.readAllBytes(out), null);
        List<TsEvent.Unsupported> u = events.stream().filter(e -> e instanceof TsEvent.Unsupported).map(e -> (TsEvent.Unsupported) e).toList();
        assertEquals(List.of("mpeg2video", "mpegaudio"), u.stream().map(TsEvent.Unsupported::codec).toList());
        assertTrue(samples(events, TrackType.VIDEO).isEmpty());
    }

    @Test
    void aPesLargerThanTheLimitIsRefused() throws Exception {
        Path out = dir.resolve("big.ts");
        ffmpeg(out, List.of("-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-s", "1280x720", "-c:a", "aac"), List.of());
        TsDemuxer d = new TsDemuxer(new TsLimits(64 * 1024, 16, 32));
        byte[] big = Files.readAllBytes(out);
        TsException e = assertThrows(TsException.class, () -> d.feed(big));
        assertTrue(e.getMessage().contains("video PES larger than 65536 bytes"), e.getMessage());
    }

    @Test
    void aTruncatedPacketLosesTheSyncAndIsRefused() {
        byte[] damaged = new byte[ts.length - 100];
        System.arraycopy(ts, 0, damaged, 0, 188 * 10 + 88);
        System.arraycopy(ts, 188 * 11, damaged, 188 * 10 + 88, damaged.length - 188 * 10 - 88);
        TsException e = assertThrows(TsException.class, () -> new TsDemuxer(TsLimits.defaults()).feed(damaged));
        assertEquals(188 * 11, e.offset());
    }

    @Test
    void randomDatagramsAreRefusedOrIgnoredNeverMore() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + r.nextInt(1500)];
            r.nextBytes(junk);
            if (i % 2 == 0) for (int k = 0; k < junk.length; k += 188) junk[k] = 0x47;
            TsDemuxer d = new TsDemuxer(TsLimits.defaults());
            try {
                List<TsEvent> out = d.feed(junk);
                assertTrue(out.stream().noneMatch(e -> e instanceof TsEvent.Sample));
            } catch (TsException expected) {
                assertInstanceOf(TsException.class, expected);
            }
        }
    }

    static String dump(List<TsEvent> events) {
        StringBuilder b = new StringBuilder();
        for (TsEvent e : events) {
            if (e instanceof TsEvent.Sample s) {
                MediaSample m = s.sample();
                b.append(m.type()).append(' ').append(m.decodeTime()).append(' ').append(m.compositionOffset()).append(' ')
                        .append(m.keyframe()).append(' ').append(Arrays.hashCode(m.data())).append('\n');
            } else if (e instanceof TsEvent.Config c) {
                b.append("config ").append(c.config().type()).append(' ').append(Arrays.toString(c.config().config())).append('\n');
            } else {
                b.append(e).append('\n');
            }
        }
        return b.toString();
    }
}
