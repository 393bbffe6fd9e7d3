package io.livepipe.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

class SegmentNameTest {
    static final String RUN = "channels/ch/runs/2f0c9a1e-0000-4000-8000-000000000001/video/";

    @Test
    void namesWrittenBeforeInitVersionsParseAsTheRunsFirstInit() {
        SegmentName init = SegmentName.parse(RUN + "init.mp4").orElseThrow();
        assertTrue(init.init());
        assertEquals(0, init.initVersion());
        assertEquals("2f0c9a1e-0000-4000-8000-000000000001", init.initId());
        SegmentName seg = SegmentName.parse(RUN + "00000012_1980000_180000_90000_kd.m4s").orElseThrow();
        assertEquals(0, seg.initVersion());
        assertEquals(RUN + "init.mp4", seg.initPath());
        assertEquals(RUN + "00000012_1980000_180000_90000_kd.m4s", seg.path());
    }

    @Test
    void laterInitVersionsRoundTripThroughTheirNames() {
        SegmentName init = SegmentName.init("ch", "2f0c9a1e-0000-4000-8000-000000000001", "video", 3);
        assertEquals(RUN + "init_3.mp4", init.path());
        assertEquals(init, SegmentName.parse(init.path()).orElseThrow());
        SegmentName seg = new SegmentName("ch", "2f0c9a1e-0000-4000-8000-000000000001", "video", false, 13, 2_160_000, 180_000,
                90_000, true, true, 3);
        assertEquals(RUN + "00000013_2160000_180000_90000_kd_3.m4s", seg.path());
        assertEquals(seg, SegmentName.parse(seg.path()).orElseThrow());
        assertEquals(init.path(), seg.initPath());
        assertEquals("2f0c9a1e-0000-4000-8000-000000000001.3", seg.initId());
        assertEquals(2_340_000, seg.endTime());
    }

    @Test
    void aVersionZeroSpelledOutOrALeadingZeroIsNotAName() {
        // one spelling per name: version 0 has none, so init.mp4 and init_0.mp4 can never both exist
        assertTrue(SegmentName.parse(RUN + "init_0.mp4").isEmpty());
        assertTrue(SegmentName.parse(RUN + "init_01.mp4").isEmpty());
        assertTrue(SegmentName.parse(RUN + "00000012_1980000_180000_90000_k_0.m4s").isEmpty());
        assertTrue(SegmentName.parse(RUN + "00000012_1980000_180000_90000_k_1234567.m4s").isEmpty());
    }

    @Test
    void aSegmentsFrameCountRoundTripsThroughItsNameAndOldNamesCarryNone() {
        SegmentName seg = new SegmentName("ch", "2f0c9a1e-0000-4000-8000-000000000001", "video", false, 13, 2_160_000, 180_000,
                90_000, true, false, 3, 60);
        assertEquals(RUN + "00000013_2160000_180000_90000_k_3_f60.m4s", seg.path());
        assertEquals(seg, SegmentName.parse(seg.path()).orElseThrow());
        SegmentName first = SegmentName.parse(RUN + "00000001_0_180000_90000_k_f60.m4s").orElseThrow();
        assertEquals(60, first.frames());
        assertEquals(0, first.initVersion());
        assertEquals(0, SegmentName.parse(RUN + "00000012_1980000_180000_90000_kd.m4s").orElseThrow().frames());
        assertTrue(SegmentName.parse(RUN + "00000001_0_180000_90000_k_f0.m4s").isEmpty(), "no frames is spelled by leaving it out");
        assertTrue(SegmentName.parse(RUN + "00000001_0_180000_90000_k_f1234567.m4s").isEmpty());
        assertTrue(SegmentName.parse(RUN + "00000001_0_180000_90000_k_f60_3.m4s").isEmpty(), "the init version comes first");
    }

    @FuzzTest(maxDuration = "10s")
    void anyPathParsesToANameWhosePathParsesBackToItOrToNothing(FuzzedDataProvider data) {
        String p = data.consumeBoolean() ? RUN + data.consumeRemainingAsString() : data.consumeRemainingAsString();
        SegmentName.parse(p).ifPresent(n -> assertEquals(n, SegmentName.parse(n.path()).orElseThrow()));
    }
}
