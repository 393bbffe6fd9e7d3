package io.livepipe.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FFmpeg's Smooth ingest stream (-f ismv to a pipe, as it POSTs it) read whole, byte by byte and in random splits. */
class FragmentedMp4ReaderTest {
    static byte[] ismv;

    @BeforeAll
    static void makeStream() throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast",
                "-bf", "2", "-g", "60", "-c:a", "aac", "-f", "ismv", "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ismv = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    record Read(List<Mp4Track> tracks, Map<Integer, List<TrackRun>> runs) { }

    static Read read(byte[] data, int[] splits) {
        FragmentedMp4Reader r = new FragmentedMp4Reader(16 << 20);
        Map<Integer, Mp4Track> tracks = new HashMap<>();
        Map<Integer, List<TrackRun>> runs = new HashMap<>();
        int pos = 0;
        int i = 0;
        while (pos < data.length) {
            int n = Math.min(splits[i++ % splits.length], data.length - pos);
            for (FragmentedMp4Reader.Part part : r.feed(data, pos, n)) {
                if (part instanceof FragmentedMp4Reader.Part.Header h) h.tracks().forEach(t -> tracks.put(t.trackId(), t));
                if (part instanceof FragmentedMp4Reader.Part.Fragment f) {
                    for (TrackRun run : MovieFragment.parse(f.moof(), f.mdat(), tracks::get)) runs.computeIfAbsent(run.trackId(), k -> new ArrayList<>()).add(run);
                }
            }
            pos += n;
        }
        assertFalse(r.incomplete());
        return new Read(List.copyOf(tracks.values()), runs);
    }

    @Test
    void smoothIngestStreamGivesBothTracksEveryFrameAndTfxdTimes() {
        Read whole = read(ismv, new int[] {ismv.length});
        assertEquals(2, whole.tracks().size());
        Mp4Track video = whole.tracks().stream().filter(t -> t.type() == TrackType.VIDEO).findFirst().orElseThrow();
        Mp4Track audio = whole.tracks().stream().filter(t -> t.type() == TrackType.AUDIO).findFirst().orElseThrow();
        assertEquals(10_000_000, video.timescale(), "Smooth's 100 ns timescale");
        assertEquals("avc1", video.config().codec());
        assertEquals("mp4a", audio.config().codec());
        assertEquals(2, TrackInfo.of(audio.config()).channels() + 1, "mono AAC");
        List<TrackRun> v = whole.runs().get(video.trackId());
        assertEquals(120, v.stream().mapToInt(r -> r.samples().size()).sum());
        assertTrue(v.get(0).samples().get(0).sync());
        assertEquals(0, v.get(0).baseDecodeTime(), "tfxd says where each fragment starts");
        assertEquals(20_000_000, v.get(1).baseDecodeTime(), "the second GOP starts at 2 s");
        int audioFrames = whole.runs().get(audio.trackId()).stream().mapToInt(r -> r.samples().size()).sum();
        assertTrue(Math.abs(audioFrames - 4 * 48000 / 1024) <= 2, "audio frames: " + audioFrames);
        assertTrue(v.stream().flatMap(r -> r.samples().stream()).anyMatch(s -> s.compositionOffset() != 0), "B-frames");
    }

    @Test
    void everySplitReadsTheSame() {
        Read whole = read(ismv, new int[] {ismv.length});
        Read bytes = read(ismv, new int[] {1});
        Random random = new Random(7);
        int[] splits = random.ints(64, 1, 20_000).toArray();
        Read randomly = read(ismv, splits);
        for (Read r : List.of(bytes, randomly)) {
            assertEquals(whole.tracks().size(), r.tracks().size());
            for (int t = 0; t < whole.tracks().size(); t++) {
                assertEquals(whole.tracks().get(t).timescale(), r.tracks().get(t).timescale());
                assertTrue(java.util.Arrays.equals(whole.tracks().get(t).config().config(), r.tracks().get(t).config().config()));
            }
            for (int id : whole.runs().keySet()) {
                List<TrackRun.Sample> a = whole.runs().get(id).stream().flatMap(t -> t.samples().stream()).toList();
                List<TrackRun.Sample> b = r.runs().get(id).stream().flatMap(t -> t.samples().stream()).toList();
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) assertTrue(java.util.Arrays.equals(a.get(i).data(), b.get(i).data()));
            }
        }
    }

    @Test
    void lyingSizesAreRefusedAtTheHeaderBeforeAnythingIsAllocated() {
        int mdat = indexOf(ismv, "mdat") - 4;
        byte[] huge = ismv.clone();
        huge[mdat] = 0x7f;
        FragmentedMp4Reader r = new FragmentedMp4Reader(16 << 20);
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> r.feed(huge, 0, mdat + 8));
        assertTrue(e.getMessage().contains("'mdat' at offset " + mdat), e.getMessage());
        assertTrue(r.bytesHeld() <= 2 * FragmentedMp4Reader.MAX_HEADER_BYTES, "held " + r.bytesHeld());

        byte[] tiny = ismv.clone();
        tiny[mdat] = 0;
        tiny[mdat + 1] = 0;
        tiny[mdat + 2] = 0;
        tiny[mdat + 3] = 4;
        assertThrows(MalformedMediaException.class, () -> new FragmentedMp4Reader(16 << 20).feed(tiny, 0, tiny.length));
        byte[] zero = ismv.clone();
        zero[mdat + 3] = 0;
        zero[mdat + 2] = 0;
        zero[mdat + 1] = 0;
        zero[mdat] = 0;
        assertThrows(MalformedMediaException.class, () -> new FragmentedMp4Reader(16 << 20).feed(zero, 0, zero.length));
    }

    @Test
    void aSampleSizeThatLiesAboutItsMdatIsRefused() {
        int trun = indexOf(ismv, "trun");
        byte[] lying = ismv.clone();
        // first sample's size field of the first trun (version 1, flags b05: offset, first flags, then duration, size, cto)
        int size = trun + 4 + 4 + 4 + 4 + 4 + 4;
        lying[size] = 0x10;
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> read(lying, new int[] {lying.length}));
        assertTrue(e.getMessage().contains("outside its mdat"), e.getMessage());
    }

    @Test
    void aTruncatedStreamIsIncomplete() {
        FragmentedMp4Reader r = new FragmentedMp4Reader(16 << 20);
        r.feed(ismv, 0, ismv.length / 2);
        assertTrue(r.incomplete());
    }

    static int indexOf(byte[] b, String fourcc) {
        byte[] f = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 4 <= b.length; i++) {
            for (int j = 0; j < 4; j++) if (b[i + j] != f[j]) continue outer;
            return i;
        }
        return -1;
    }
}
