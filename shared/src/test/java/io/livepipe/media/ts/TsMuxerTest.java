package io.livepipe.media.ts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import io.livepipe.media.mp4.FragmentSamples;
import io.livepipe.media.mp4.InitInfo;
import io.livepipe.media.mp4.TrackInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * The TS muxer on what our streaming endpoint feeds it: the samples of CMAF fragments (FFmpeg's
 * fragmented MP4 of x264 with B-frames and of AAC, one track per file, 1 s fragments), muxed
 * segment by segment, then read back by our own TS demuxer and by FFmpeg (ffprobe per segment,
 * and an HLS playlist of the segments decoded with {@code -enc_time_base -1}): every sample
 * back with its times and bytes, no continuity error, timestamps continuous across segments.
 */
class TsMuxerTest {
    @TempDir
    static Path dir;
    static TrackInfo videoTrack;
    static TrackInfo audioTrack;
    static List<List<FragmentSamples.Sample>> videoFragments;
    static List<List<FragmentSamples.Sample>> audioFragments;

    @BeforeAll
    static void source() throws Exception {
        Path v = dir.resolve("v.mp4");
        Path a = dir.resolve("a.mp4");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-x264-params", "b-adapt=0", "-g", "25",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", v.toString()));
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "6", "-c:a", "aac", "-frag_duration", "1000000",
                "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", a.toString()));
        byte[] vb = Files.readAllBytes(v);
        byte[] ab = Files.readAllBytes(a);
        videoTrack = InitInfo.parse(vb);
        audioTrack = InitInfo.parse(ab);
        videoFragments = fragments(vb);
        audioFragments = fragments(ab);
    }

    /** Each moof and its mdat of a fragmented MP4 file, as one CMAF segment's samples. */
    static List<List<FragmentSamples.Sample>> fragments(byte[] file) {
        List<List<FragmentSamples.Sample>> out = new ArrayList<>();
        List<Box> boxes = BoxReader.read(file);
        for (int i = 0; i + 1 < boxes.size(); i++) {
            Box moof = boxes.get(i);
            if (!moof.type().equals("moof")) continue;
            Box mdat = boxes.get(i + 1);
            out.add(FragmentSamples.read(Arrays.copyOfRange(file, moof.offset(), mdat.offset() + mdat.size())));
        }
        return out;
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    /** A segment of our samples, times as the streaming endpoint converts them (track timescale to 90 kHz, one second on). */
    static byte[] mux(TrackInfo track, List<FragmentSamples.Sample> samples, long sequence) {
        List<TsMuxer.Sample> in = new ArrayList<>();
        for (FragmentSamples.Sample s : samples) {
            long dts = s.decodeTime() * 90_000 / track.timescale();
            long pts = (s.decodeTime() + s.compositionOffset()) * 90_000 / track.timescale();
            in.add(new TsMuxer.Sample(90_000 + dts, pts - dts, s.sync(), s.data()));
        }
        return TsMuxer.segment(track.config(), in, sequence);
    }

    static byte[] all(TrackInfo track, List<List<FragmentSamples.Sample>> fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fragments.size(); i++) out.writeBytes(mux(track, fragments.get(i), i));
        return out.toByteArray();
    }

    @Test
    void ourDemuxerReadsBackEverySampleWithItsTimesAndNoContinuityGapAcrossSegments() {
        assertTrue(videoFragments.size() >= 6, videoFragments.size() + " video fragments");
        byte[] ts = all(videoTrack, videoFragments);
        assertEquals(0, ts.length % 188);
        List<TsEvent> events = TsDemuxerFfmpegTest.demux(ts, new Random(3));
        assertEquals(List.of(), events.stream().filter(e -> e instanceof TsEvent.Discontinuity || e instanceof TsEvent.PcrIrregular).toList());
        List<MediaSample> video = TsDemuxerFfmpegTest.samples(events, TrackType.VIDEO);
        List<FragmentSamples.Sample> source = videoFragments.stream().flatMap(List::stream).toList();
        assertEquals(source.size(), video.size());
        for (int i = 0; i < source.size(); i++) {
            FragmentSamples.Sample s = source.get(i);
            assertEquals(1000 + s.decodeTime() * 1000 / videoTrack.timescale(), video.get(i).decodeTime(), "dts of " + i);
            assertEquals(1000 + (s.decodeTime() + s.compositionOffset()) * 1000 / videoTrack.timescale(), video.get(i).presentationTime(), "pts of " + i);
            assertEquals(s.sync(), video.get(i).keyframe(), "keyframe " + i);
            assertArrayEquals(s.data(), withoutParameterSets(video.get(i).data()), "the access unit's NAL units, " + i);
        }
        TsEvent.Config c = (TsEvent.Config) events.stream().filter(e -> e instanceof TsEvent.Config).findFirst().orElseThrow();
        assertArrayEquals(((io.livepipe.media.h264.AvcConfig) io.livepipe.media.h264.AvcConfig.parse(videoTrack.config().config())).sps().get(0),
                io.livepipe.media.h264.AvcConfig.parse(c.config().config()).sps().get(0), "SPS before the IDR");

        byte[] audioTs = all(audioTrack, audioFragments);
        List<TsEvent> ae = TsDemuxerFfmpegTest.demux(audioTs, null);
        List<MediaSample> audio = TsDemuxerFfmpegTest.samples(ae, TrackType.AUDIO);
        List<FragmentSamples.Sample> asrc = audioFragments.stream().flatMap(List::stream).toList();
        assertEquals(asrc.size(), audio.size());
        for (int i = 0; i < asrc.size(); i++) {
            assertArrayEquals(asrc.get(i).data(), audio.get(i).data(), "AAC frame " + i);
            assertEquals(1000 + asrc.get(i).decodeTime() * 1000 / 48000, audio.get(i).decodeTime(), "audio dts " + i);
        }
        TsEvent.Config ac = (TsEvent.Config) ae.stream().filter(e -> e instanceof TsEvent.Config).findFirst().orElseThrow();
        // ADTS carries object type, rate and channels: the AudioSpecificConfig's first two bytes (FFmpeg's has an SBR sync extension after)
        assertArrayEquals(Arrays.copyOf(audioTrack.config().config(), 2), ac.config().config(), "the ADTS header gives back the AudioSpecificConfig");
    }

    /** Our demuxer's AVCC sample (4-byte lengths) without the SPS/PPS the muxer put before an IDR (the AUD it drops itself). */
    static byte[] withoutParameterSets(byte[] avcc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int pos = 0; pos + 4 <= avcc.length; ) {
            int len = ((avcc[pos] & 0xff) << 24) | ((avcc[pos + 1] & 0xff) << 16) | ((avcc[pos + 2] & 0xff) << 8) | (avcc[pos + 3] & 0xff);
            int type = avcc[pos + 4] & 0x1f;
            if (type != 7 && type != 8 && type != 9) out.write(avcc, pos, 4 + len);
            pos += 4 + len;
        }
        return out.toByteArray();
    }

    @Test
    void everyPacketIsWellFormedAndEveryPesStartsWithAPcrAndIdrsAreRandomAccessPoints() {
        byte[] ts = mux(videoTrack, videoFragments.get(1), 7);
        assertEquals(7, ts[3] & 0x0f, "PAT counts by the segment's sequence");
        assertEquals(7, ts[188 + 3] & 0x0f, "so does the PMT");
        int pes = 0;
        for (int i = 0; i < ts.length; i += 188) {
            assertEquals(0x47, ts[i] & 0xff);
            int pid = ((ts[i + 1] & 0x1f) << 8) | (ts[i + 2] & 0xff);
            if (pid != TsMuxer.VIDEO_PID) continue;
            if ((ts[i + 1] & 0x40) != 0) {
                assertEquals(0x30, ts[i + 3] & 0x30, "a PES start has an adaptation field");
                assertTrue((ts[i + 5] & 0x10) != 0, "with a PCR");
                assertEquals(pes == 0, (ts[i + 5] & 0x80) != 0, "the discontinuity indicator on the PID's first packet only");
                pes++;
            }
        }
        assertEquals(videoFragments.get(1).size(), pes);
        assertTrue((ts[2 * 188 + 5] & 0x40) != 0, "the segment's first picture is an IDR, flagged random access");
    }

    @Test
    void ffprobeReadsEachSegmentWithTheSamplesTimes() throws Exception {
        Path seg = dir.resolve("probe.ts");
        Files.write(seg, mux(videoTrack, videoFragments.get(2), 2));
        String csv = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts,pts,flags",
                "-of", "csv=p=0", seg.toString()));
        List<String> lines = csv.strip().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(videoFragments.get(2).size(), lines.size(), csv);
        FragmentSamples.Sample first = videoFragments.get(2).get(0);
        assertEquals(90_000 + first.decodeTime() * 90_000 / videoTrack.timescale(), Long.parseLong(lines.get(0).split(",")[1]), csv);
        assertTrue(lines.get(0).split(",")[2].startsWith("K"), "the first packet is a keyframe: " + lines.get(0));
        String streams = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,profile", "-of", "csv=p=0", seg.toString()));
        assertTrue(streams.contains("h264") && streams.contains("320,180"), streams);
        Path aseg = dir.resolve("probe-a.ts");
        Files.write(aseg, mux(audioTrack, audioFragments.get(1), 1));
        String a = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels,profile", "-of", "csv=p=0", aseg.toString()));
        assertTrue(a.contains("aac,LC,48000,1"), a);
    }

    /** FFmpeg's HLS reader over a playlist of our segments: decodes every frame, no error, timestamps rising across segments. */
    @Test
    void ffmpegDecodesAPlaylistOfOurSegmentsWithContinuousTimestamps() throws Exception {
        for (boolean video : List.of(true, false)) {
            List<List<FragmentSamples.Sample>> frags = video ? videoFragments : audioFragments;
            TrackInfo track = video ? videoTrack : audioTrack;
            StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
            for (int i = 0; i < frags.size(); i++) {
                long d = frags.get(i).stream().mapToLong(FragmentSamples.Sample::duration).sum();
                Files.write(dir.resolve((video ? "v" : "a") + i + ".ts"), mux(track, frags.get(i), i));
                m3u8.append(String.format(java.util.Locale.ROOT, "#EXTINF:%.3f,\n%s%d.ts\n", d / (double) track.timescale(), video ? "v" : "a", i));
            }
            m3u8.append("#EXT-X-ENDLIST\n");
            Path list = dir.resolve((video ? "v" : "a") + ".m3u8");
            Files.writeString(list, m3u8);
            String out = run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-allowed_extensions", "ALL", "-i", list.toString(),
                    "-enc_time_base", "-1", "-f", "framemd5", "-"));
            long prev = Long.MIN_VALUE;
            int frames = 0;
            for (String line : out.lines().toList()) {
                if (line.startsWith("#") || line.isBlank()) continue;
                if (!line.matches("^\\s*0,.*")) {
                    assertFalse(true, "FFmpeg said: " + line);
                }
                long pts = Long.parseLong(line.split(",")[2].strip());
                assertTrue(pts > prev, "pts " + pts + " after " + prev);
                prev = pts;
                frames++;
            }
            int expected = frags.stream().mapToInt(List::size).sum();
            assertEquals(expected, frames, (video ? "video" : "audio") + " frames decoded\n" + out);
        }
    }

    @Test
    void refusesWhatTsCannotCarry() {
        assertThrows(MalformedMediaException.class, () -> TsMuxer.segment(new CodecConfig(TrackType.VIDEO, "hvc1", new byte[8]), List.of(), 0));
        assertThrows(MalformedMediaException.class, () -> TsMuxer.segment(audioTrack.config(),
                List.of(new TsMuxer.Sample(0, 0, true, new byte[9000])), 0), "an AAC frame longer than ADTS's 13-bit length");
        byte[] badNal = {0, 0, 0, 100, 0x65, 1};
        assertThrows(MalformedMediaException.class, () -> TsMuxer.segment(videoTrack.config(), List.of(new TsMuxer.Sample(0, 0, true, badNal)), 0));
    }
}
