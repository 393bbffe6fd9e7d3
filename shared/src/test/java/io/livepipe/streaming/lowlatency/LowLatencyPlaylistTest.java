package io.livepipe.streaming.lowlatency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LL-HLS media playlists pinned as golden text: a full one and its delta update. */
class LowLatencyPlaylistTest {
    static LowLatencyPlaylist sample() {
        List<LowLatencyPlaylist.Seg> segs = new ArrayList<>();
        Instant t0 = Instant.parse("2026-12-04T12:00:00Z");
        for (long msn = 20; msn < 29; msn++) {
            List<LowLatencyPlaylist.PartRef> parts = new ArrayList<>();
            for (int p = 0; p < 4; p++) parts.add(new LowLatencyPlaylist.PartRef("video/r1/" + msn + "." + p + ".m4s", 0.5, p == 0));
            segs.add(new LowLatencyPlaylist.Seg(msn, 2.0, t0.plusSeconds(2 * (msn - 20)), msn == 27, "video/r1/init-" + (msn >= 27 ? 1 : 0) + ".mp4",
                    "video/r1/" + msn + ".m4s", parts));
        }
        segs.add(new LowLatencyPlaylist.Seg(29, 1.0, t0.plusSeconds(18), false, "video/r1/init-1.mp4", null, List.of(
                new LowLatencyPlaylist.PartRef("video/r1/29.0.m4s", 0.5, true), new LowLatencyPlaylist.PartRef("video/r1/29.1.m4s", 0.5, false))));
        return new LowLatencyPlaylist(2, 0.5, 0, segs, "video/r1/29.2.m4s", List.of(new LowLatencyPlaylist.Report("audio.m3u8", 29, 2)));
    }

    @Test
    void fullPlaylistHasServerControlPartsHintAndReports() throws IOException {
        assertEquals(golden("ll-full.m3u8"), sample().render(false));
    }

    @Test
    void deltaUpdateSkipsWholeSegmentsBeforeTheSkipBoundary() throws IOException {
        // 19 s of media, CAN-SKIP-UNTIL 12 s: the segments that end by 7 s (20, 21, 22) are skipped
        assertEquals(3, sample().skippable());
        assertEquals(golden("ll-delta.m3u8"), sample().render(true));
    }

    @Test
    void anEnvelopeKeyPrecedesEachSegmentsPartsAndInitSegmentsStayClear() {
        String p = sample().render(true, s -> "METHOD=AES-128,URI=\"k\",IV=0x" + String.format("%032X", s.msn()));
        // the first map before any key; METHOD=NONE before the new map of segment 27; each segment's key before its first part
        assertEquals(true, p.indexOf("#EXT-X-MAP:URI=\"video/r1/init-0.mp4\"") < p.indexOf("#EXT-X-KEY:"), p);
        assertEquals(true, p.contains("#EXT-X-KEY:METHOD=NONE\n#EXT-X-MAP:URI=\"video/r1/init-1.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x"
                + String.format("%032X", 27) + "\n"), p);
        assertEquals(true, p.contains("IV=0x" + String.format("%032X", 29) + "\n#EXT-X-PROGRAM-DATE-TIME:2026-12-04T12:00:18Z\n#EXT-X-PART:DURATION=0.500,URI=\"video/r1/29.0.m4s\""), p);
        assertEquals(7, p.split("METHOD=AES-128", -1).length - 1, "one key per segment not skipped (20 to 29, less the 3 skipped): " + p);
        assertEquals(sample().render(true), sample().render(true, null), "clear: unchanged");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = LowLatencyPlaylistTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no golden " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
