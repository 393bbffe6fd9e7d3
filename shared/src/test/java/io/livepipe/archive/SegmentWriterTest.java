package io.livepipe.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import io.livepipe.media.cmaf.FlvFile;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.mp4.InitInfo;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.media.dash.DashWriter;
import io.livepipe.media.hls.HlsWriter;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.streaming.RenditionCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive of a run never loses or overwrites media: a writer that starts on a run the store
 * holds (a restart) continues after it, and an encoder that comes back with other settings gets
 * its own init segment. Media made by FFmpeg; the results read back by FFmpeg.
 */
class SegmentWriterTest {
    static final String RUN = "8d3c1f52-1111-4a2b-9c3d-000000000001";
    @TempDir
    static Path dir;
    static List<FlvTag> large;
    static List<FlvTag> small;
    /** As {@link #large}, with two B-frames (x264 presents each keyframe two frames after its decode time). */
    static List<FlvTag> bFrames;

    @BeforeAll
    static void sources() throws Exception {
        large = FlvFile.tags(flv("large.flv", "640x360"));
        small = FlvFile.tags(flv("small.flv", "320x240"));
        bFrames = FlvFile.tags(flv("bframes.flv", "640x360", "-bf", "2"));
    }

    static byte[] flv(String name, String size, String... options) throws Exception {
        Path f = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "5",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-c:a", "aac", "-f", "flv", f.toString()));
        run(cmd);
        return Files.readAllBytes(f);
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    static BlobStore store(String name) {
        return new FileBlobStore(dir.resolve(name), "media", EventPublisher.none(), Clock.systemUTC());
    }

    static void publish(SegmentWriter w, List<FlvTag> tags) {
        for (FlvTag t : tags) {
            if (t instanceof FlvTag.Config c) w.config(c.config());
            if (t instanceof FlvTag.Sample s) w.sample(s.sample());
        }
        w.disconnected();
    }

    /** path -> etag of everything stored under the run. */
    static Map<String, String> stored(BlobStore media) {
        return media.list(SegmentName.runPrefix("ch", RUN)).stream().collect(Collectors.toMap(BlobProperties::path, BlobProperties::etag));
    }

    static List<SegmentName> segments(BlobStore media, String rendition) {
        List<SegmentName> out = new ArrayList<>();
        for (BlobProperties p : media.list(SegmentName.runPrefix("ch", RUN) + rendition + "/")) {
            SegmentName n = SegmentName.parse(p.path()).orElseThrow();
            if (!n.init()) out.add(n);
        }
        out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return out;
    }

    @Test
    void aWriterStartingOnAStoredRunContinuesAfterItAndOverwritesNothing() {
        BlobStore media = store("restart");
        publish(new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1)), large);
        Map<String, String> before = stored(media);
        List<SegmentName> firstVideo = segments(media, "video");
        List<SegmentName> firstAudio = segments(media, "audio");
        assertTrue(firstVideo.size() >= 4, "first session stored " + firstVideo.size());

        // the process died; a new one starts a writer for the same run; the encoder's clock starts at 0 again
        publish(new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1)), large);

        Map<String, String> after = stored(media);
        before.forEach((path, etag) -> assertEquals(etag, after.get(path), "unchanged: " + path));
        for (String rendition : List.of("video", "audio")) {
            List<SegmentName> first = rendition.equals("video") ? firstVideo : firstAudio;
            List<SegmentName> all = segments(media, rendition);
            List<SegmentName> second = all.subList(first.size(), all.size());
            assertEquals(first.size(), second.size(), rendition + ": the second session's segments are all stored");
            SegmentName lastBefore = first.get(first.size() - 1);
            long endMs = Math.max(firstVideo.get(firstVideo.size() - 1).endTime() / 90,
                    firstAudio.get(firstAudio.size() - 1).endTime() * 1000 / 48_000);
            assertEquals(lastBefore.sequence() + 1, second.get(0).sequence(), rendition + " numbering continues");
            assertTrue(second.get(0).decodeTime() * 1000 / second.get(0).timescale() >= endMs, rendition + " times continue");
            assertTrue(second.get(0).discontinuity(), rendition + ": the restart is one marked discontinuity");
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).decodeTime() >= all.get(i - 1).endTime(), rendition + " decode times never go back");
                assertEquals(i == first.size(), all.get(i).discontinuity(), rendition + " one discontinuity, at " + i);
            }
        }
        assertEquals(List.of(), after.keySet().stream().filter(p -> p.contains("init_")).toList(), "same settings: same init");
    }

    /** What the fragmenter knew is in the name, so nothing has to parse the segment again; nothing goes into blob metadata. */
    @Test
    void eachSegmentsNameCountsItsFramesAndNoBlobCarriesMetadata() {
        BlobStore media = store("frames");
        publish(new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1)), large);
        for (String rendition : List.of("video", "audio")) {
            List<SegmentName> names = segments(media, rendition);
            assertTrue(names.size() >= 4, rendition + ": " + names.size());
            for (SegmentName n : names) {
                int samples = io.livepipe.media.mp4.Fragment.parse(media.get(n.path()).orElseThrow().data()).samples().size();
                assertEquals(samples, n.frames(), n.path());
            }
        }
        for (BlobProperties p : media.list(SegmentName.runPrefix("ch", RUN))) assertEquals(Map.of(), p.metadata(), p.path());
    }

    /**
     * A restart after a session with B-frames, the encoder back without them: its first frame
     * presents after the stored run's last frame was presented, which the new writer reads from
     * the run's last video fragment (their decode times alone would let it present earlier).
     * Video only: the stored run's audio, often ending a little after its video, leaves slack.
     */
    @Test
    void afterARestartVideoPresentsAfterWhatTheStoredRunPresented() {
        BlobStore media = store("restart-bframes");
        publish(new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1)), videoOnly(bFrames));
        SegmentName last = segments(media, "video").get(segments(media, "video").size() - 1);
        long presented = SegmentWriter.presentationEndMs(media, last.path());
        assertTrue(presented * 90 > last.endTime(), "B-frames present after the decode end: " + presented + " ms, " + last);

        publish(new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1)), videoOnly(large));
        List<SegmentName> all = segments(media, "video");
        SegmentName first = all.stream().filter(SegmentName::discontinuity).findFirst().orElseThrow();
        io.livepipe.media.mp4.Fragment f = io.livepipe.media.mp4.Fragment.parse(media.get(first.path()).orElseThrow().data());
        long earliest = f.baseDecodeTime() + f.samples().get(0).compositionOffset();
        assertTrue(earliest >= presented * 90, first + " presents from " + earliest + ", the stored run until " + presented * 90);
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i).decodeTime() >= all.get(i - 1).endTime(), "decode times never go back");
    }

    static List<FlvTag> videoOnly(List<FlvTag> tags) {
        return tags.stream().filter(t -> t instanceof FlvTag.Config c ? c.config().type() == io.livepipe.media.TrackType.VIDEO
                : t instanceof FlvTag.Sample x && x.sample().type() == io.livepipe.media.TrackType.VIDEO).toList();
    }

    @Test
    void anEncoderBackWithOtherSettingsGetsItsOwnInitAndTheFirstStaysAsItWas() throws Exception {
        BlobStore media = store("reconfig");
        SegmentWriter w = new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1));
        publish(w, large);
        String init0 = SegmentName.init("ch", RUN, "video").path();
        byte[] firstInit = media.get(init0).orElseThrow().data();
        Map<String, String> sealed = stored(media);

        publish(w, small); // in-process reconnect with other settings
        // and after a restart, each configuration again: both are reused, none is added
        SegmentWriter restarted = new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1));
        publish(restarted, large);
        publish(restarted, small);

        Map<String, String> now = stored(media);
        sealed.forEach((path, etag) -> assertEquals(etag, now.get(path), "what a sealed asset holds is untouched: " + path));
        assertArrayEquals(firstInit, media.get(init0).orElseThrow().data());
        TrackInfo v0 = InitInfo.parse(firstInit);
        TrackInfo v1 = InitInfo.parse(media.get(SegmentName.init("ch", RUN, "video", 1).path()).orElseThrow().data());
        assertEquals(List.of(640, 360, 320, 240), List.of(v0.width(), v0.height(), v1.width(), v1.height()));
        assertTrue(media.get(SegmentName.init("ch", RUN, "video", 2).path()).isEmpty(), "a configuration seen before is reused");
        assertTrue(media.get(SegmentName.init("ch", RUN, "audio", 1).path()).isEmpty(), "the audio never changed");
        List<Integer> versions = segments(media, "video").stream().map(SegmentName::initVersion).distinct().toList();
        assertEquals(List.of(0, 1, 0, 1), runsOf(segments(media, "video")), "each session's segments name the init they need");
        assertEquals(List.of(0, 1), versions.stream().sorted().toList());

        // every segment decodes with the init it names, at that init's size
        for (int v : List.of(0, 1)) {
            ByteArrayOutputStream track = new ByteArrayOutputStream();
            track.writeBytes(media.get(SegmentName.init("ch", RUN, "video", v).path()).orElseThrow().data());
            for (SegmentName n : segments(media, "video")) if (n.initVersion() == v) track.writeBytes(media.get(n.path()).orElseThrow().data());
            Path f = dir.resolve("v" + v + ".mp4");
            Files.write(f, track.toByteArray());
            assertEquals("", run(List.of("ffmpeg", "-v", "error", "-i", f.toString(), "-f", "null", "-")).trim(), "decodes cleanly: v" + v);
        }
    }

    static List<Integer> runsOf(List<SegmentName> segs) {
        List<Integer> out = new ArrayList<>();
        for (SegmentName n : segs) if (out.isEmpty() || out.get(out.size() - 1) != n.initVersion()) out.add(n.initVersion());
        return out;
    }

    @Test
    void aNameTakenByAnotherWriterOfTheRunIsRenumberedNeverDropped() {
        BlobStore media = store("race");
        // two writers that started on the same empty run (two processes believing they hold the channel)
        SegmentWriter a = new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1));
        SegmentWriter b = new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1));
        publish(a, large);
        int one = segments(media, "video").size();
        publish(b, large); // every name b computes is already taken by a
        List<SegmentName> all = segments(media, "video");
        assertEquals(2 * one, all.size(), "b's segments are stored too");
        assertEquals(all.size(), all.stream().map(SegmentName::sequence).distinct().count(), "under names of their own");
    }

    @Test
    void aConfigurationChangeIsANewMapInHlsAndANewPeriodInDash() {
        BlobStore media = store("manifests");
        SegmentWriter w = new SegmentWriter(media, "ch", RUN, Duration.ofSeconds(1));
        publish(w, large);
        publish(w, small);
        Asset a = new Asset("a", "ch", "p", Duration.ofHours(1), Asset.VOD, Instant.EPOCH, Instant.EPOCH, Map.of());
        for (BlobProperties p : media.list(SegmentName.runPrefix("ch", RUN))) {
            a = Timelines.stamp(a, SegmentName.parse(p.path()).orElseThrow(), p.lastModified(), p.size());
        }
        Asset.Timeline video = a.renditions().get("video");
        assertEquals(Map.of(RUN, SegmentName.init("ch", RUN, "video").path(), RUN + ".1", SegmentName.init("ch", RUN, "video", 1).path()),
                video.initByRun());
        assertEquals(Map.of(RUN, SegmentName.init("ch", RUN, "audio").path()), a.renditions().get("audio").initByRun());
        Map<String, TrackInfo> tracks = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : video.initByRun().entrySet()) tracks.put(e.getKey(), InitInfo.parse(media.get(e.getValue()).orElseThrow().data()));
        Rendition v = RenditionCatalog.listing(a, "video", tracks.get(RUN), 25, video.segments(), tracks);
        Asset.Timeline audio = a.renditions().get("audio");
        Rendition au = RenditionCatalog.listing(a, "audio", InitInfo.parse(media.get(audio.initByRun().get(RUN)).orElseThrow().data()), 0,
                audio.segments(), Map.of());

        String hls = HlsWriter.media(v, true);
        List<String> maps = hls.lines().filter(l -> l.startsWith("#EXT-X-MAP")).toList();
        assertEquals(List.of("#EXT-X-MAP:URI=\"video/init-" + RUN + ".mp4\"", "#EXT-X-MAP:URI=\"video/init-" + RUN + ".1.mp4\""), maps);
        String[] lines = hls.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].equals(maps.get(1))) assertEquals("#EXT-X-DISCONTINUITY", lines[i - 1]);
        }

        String mpd = DashWriter.mpd(List.of(v, au), true, Duration.ofHours(1), Duration.ofSeconds(1), Instant.now());
        assertEquals(2, mpd.split("<Period ").length - 1, mpd);
        assertTrue(mpd.contains("<Period id=\"" + RUN + "\" start=\"PT0.000S\">"), mpd);
        assertTrue(mpd.contains("<Period id=\"" + RUN + ".1\""), mpd);
        assertTrue(mpd.contains("initialization=\"$RepresentationID$/init-" + RUN + ".1.mp4\""), mpd);
        assertTrue(mpd.contains("width=\"640\" height=\"360\"") && mpd.contains("width=\"320\" height=\"240\""), mpd);
        assertEquals(2, mpd.split("contentType=\"audio\"").length - 1, "audio continues in the second period: " + mpd);
        int listed = 0;
        for (String l : mpd.split("\n")) {
            if (l.contains("<S ")) listed += 1 + (l.contains(" r=\"") ? Integer.parseInt(l.replaceAll(".* r=\"(\\d+)\".*", "$1")) : 0);
        }
        assertEquals(video.segments().size() + audio.segments().size(), listed, "every segment in exactly one period");
    }
}
