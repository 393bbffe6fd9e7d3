package io.livepipe.encoder.lowlatency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.Part;
import io.livepipe.media.cmaf.Segment;
import io.livepipe.media.mp4.TrackInfo;
import io.livepipe.streaming.lowlatency.BlockingReload;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The ring: bounded, held requests completed exactly when what they wait for arrives, playlists with hint and reports. */
class PartRingTest {
    static final TrackInfo VIDEO = new TrackInfo(TrackType.VIDEO, 90_000, "avc1.64001f", 640, 360, 0, 0, null);
    static final TrackInfo AUDIO = new TrackInfo(TrackType.AUDIO, 48_000, "mp4a.40.2", 0, 0, 48_000, 2, null);

    static PartRing ring() {
        PartRing r = new PartRing("ch", "run1", 4, 0.5, 2, Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC));
        r.init("video", new Segment(TrackType.VIDEO, VIDEO, true, 0, 0, 0, true, false, new byte[] {1}));
        r.init("audio", new Segment(TrackType.AUDIO, AUDIO, true, 0, 0, 0, true, false, new byte[] {2}));
        return r;
    }

    static void part(PartRing r, long msn, int index) {
        r.part("video", new Part(TrackType.VIDEO, msn, index, (msn * 4 + index) * 45_000L, 45_000, index == 0, false, new byte[1000]));
    }

    static void whole(PartRing r, long msn) {
        r.segment("video", new Segment(TrackType.VIDEO, VIDEO, false, msn, msn * 180_000L, 180_000, true, false, new byte[4000]));
    }

    @Test
    void aHeldReloadCompletesWhenItsPartArrivesAndNotBefore() {
        PartRing r = ring();
        part(r, 1, 0);
        CompletableFuture<Void> next = r.await("video", new BlockingReload(1, 1, false));
        CompletableFuture<Void> segment = r.await("video", new BlockingReload(1, -1, false));
        assertFalse(next.isDone());
        assertEquals(2, r.waiting());
        part(r, 1, 1);
        assertTrue(next.isDone());
        assertFalse(segment.isDone());
        part(r, 1, 2);
        part(r, 1, 3);
        assertFalse(segment.isDone(), "four parts are not yet the whole segment");
        whole(r, 1);
        assertTrue(segment.isDone());
        assertEquals(0, r.waiting());
    }

    @Test
    void thePartAfterTheLastOfAWholeSegmentIsTheNextSegmentsFirst() {
        PartRing r = ring();
        for (int i = 0; i < 4; i++) part(r, 1, i);
        whole(r, 1);
        CompletableFuture<Void> f = r.await("video", new BlockingReload(1, 4, false));
        assertFalse(f.isDone());
        part(r, 2, 0);
        assertTrue(f.isDone());
        assertTrue(r.upcoming("video", 2, 1), "the hinted part may be asked for");
        assertFalse(r.upcoming("video", 2, 5));
        assertFalse(r.upcoming("video", 7, 0));
    }

    @Test
    void theRingIsBoundedAndThePlaylistHintsTheNextPartAndReportsTheOthers() {
        PartRing r = ring();
        for (long msn = 1; msn <= 20; msn++) {
            for (int i = 0; i < 4; i++) part(r, msn, i);
            whole(r, msn);
        }
        part(r, 21, 0);
        r.part("audio", new Part(TrackType.AUDIO, 21, 0, 0, 24_000, true, false, new byte[100]));
        assertEquals(5, r.sizes().get("video"), "four whole segments and the open one");
        assertEquals(5 * 4000 - 3000 + 100, r.bytes(), "parts of four whole segments and the open one's (the whole ones are their parts)");
        assertEquals(4000, r.segment("video", 20).orElseThrow().length, "a whole segment is its parts");
        String p = r.playlist("video", r.renditionNames()).orElseThrow().render(false);
        assertTrue(p.contains("#EXT-X-MEDIA-SEQUENCE:17\n"), p);
        assertTrue(p.contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"video/run1/21.1.m4s\""), p);
        assertTrue(p.contains("#EXT-X-RENDITION-REPORT:URI=\"audio.m3u8\",LAST-MSN=21,LAST-PART=0"), p);
        assertTrue(p.contains("#EXT-X-PART:DURATION=0.500,URI=\"video/run1/21.0.m4s\",INDEPENDENT=YES"), p);
        assertEquals(BlockingReload.Verdict.TOO_FAR, r.verdict("video", new BlockingReload(24, -1, false)));
        assertEquals(BlockingReload.Verdict.READY, r.verdict("video", new BlockingReload(3, -1, false)), "gone already: answered at once");
    }

    @Test
    void aSegmentBeingMadeIsStreamedPartByPartAndEndsWhenWhole() {
        PartRing r = ring();
        for (int i = 0; i < 4; i++) part(r, 1, i);
        whole(r, 1);
        part(r, 2, 0);
        java.util.List<Integer> chunks = new java.util.ArrayList<>();
        boolean[] ended = {false};
        r.stream("video", 2, java.time.Duration.ofSeconds(10)).orElseThrow().subscribe(c -> chunks.add(c.length), () -> ended[0] = true);
        assertEquals(java.util.List.of(1000), chunks, "the part cut so far at once");
        part(r, 2, 1);
        assertEquals(2, chunks.size(), "each part as it is cut");
        assertFalse(ended[0]);
        part(r, 2, 2);
        part(r, 2, 3);
        whole(r, 2);
        assertTrue(ended[0], "the end with the segment");
        assertTrue(r.stream("video", 4, java.time.Duration.ofSeconds(1)).isPresent(), "two ahead may be asked for");
        assertTrue(r.stream("video", 5, java.time.Duration.ofSeconds(1)).isEmpty(), "three ahead is 404");
        assertTrue(r.stream("video", 1, java.time.Duration.ofSeconds(1)).isPresent(), "a whole one streams at once");
    }

    @Test
    void closingTheRingAnswersEveryHeldRequest() {
        PartRing r = ring();
        part(r, 1, 0);
        CompletableFuture<Void> f = r.await("video", new BlockingReload(2, -1, false));
        r.close();
        assertTrue(f.isDone());
    }
}
