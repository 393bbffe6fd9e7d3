package io.livepipe.encoder.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PushPathTest {
    @Test
    void ffmpegDashNamesOfOneTrackShareATrackKey() {
        assertEquals("stream0", PushPath.parse("/ingest/KEY/init-stream0.m4s").trackKey());
        assertEquals("stream0", PushPath.parse("/ingest/KEY/chunk-stream0-00001.m4s").trackKey());
        assertEquals("stream1", PushPath.parse("/ingest/KEY/chunk-stream1-00012.m4s").trackKey());
    }

    @Test
    void aNameThatIsOnlyANumberIsItsOwnTrackKey() {
        assertEquals("-8", PushPath.parse("/ingest/KEY/-8").trackKey());
        assertEquals("_12", PushPath.parse("/ingest/KEY/_12.m4s").trackKey());
    }

    @Test
    void aFolderPerTrackIsTheTrackKey() {
        assertEquals("Streams(video)", PushPath.parse("/ingest/KEY/Streams(video)/init.mp4").trackKey());
        assertEquals("Streams(video)", PushPath.parse("/ingest/KEY/Streams(video)/Segment(42).m4s").trackKey());
        assertEquals("video", PushPath.parse("/ingest/KEY/Streams(video)/1.cmfv").streamName());
    }

    @Test
    void smoothStreamsNameIsTheStreamName() {
        PushPath p = PushPath.parse("/ingest/KEY/Streams(cam)");
        assertEquals("cam", p.streamName());
        assertEquals("Streams(cam)", p.trackKey());
        assertFalse(p.manifest());
        assertNull(PushPath.parse("/ingest/KEY/seg.m4s").streamName());
    }

    @Test
    void mediaServicesSmoothIngestPathIsTakenAsIs() {
        PushPath p = PushPath.parse("/ingest/KEY/ingest.isml/Streams(video)");
        assertEquals("video", p.streamName());
        assertFalse(p.manifest());
    }

    @Test
    void manifestsAreRecognised() {
        assertTrue(PushPath.parse("/ingest/KEY/manifest.mpd").manifest());
        assertTrue(PushPath.parse("/ingest/KEY/index.m3u8").manifest());
    }

    @Test
    void badPathsAreRefusedAndTheKeyIsNeverShown() {
        for (String bad : new String[] {"/ingest/KEY", "/ingest/KEY/", "/ingest//x", "/ingest/K%20Y/x", "/ingest/KEY/../x", "/ingest/KEY/a//b"}) {
            assertThrows(IllegalArgumentException.class, () -> PushPath.parse(bad), bad);
        }
        assertFalse(PushPath.parse("/ingest/SECRETKEY/x.m4s").toString().contains("SECRETKEY"));
    }
}
