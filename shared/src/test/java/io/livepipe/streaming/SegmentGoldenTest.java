package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingFixtures.AUDIO;
import static io.livepipe.streaming.StreamingFixtures.BASE;
import static io.livepipe.streaming.StreamingFixtures.KEYS;
import static io.livepipe.streaming.StreamingFixtures.VIDEO;
import static io.livepipe.streaming.StreamingFixtures.asset;
import static io.livepipe.streaming.StreamingFixtures.audioSegment;
import static io.livepipe.streaming.StreamingFixtures.locator;
import static io.livepipe.streaming.StreamingFixtures.run;
import static io.livepipe.streaming.StreamingFixtures.videoSegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.archive.Asset;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.testing.BoxDump;
import io.livepipe.testing.Golden;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Box dumps of init and media segments as players get them — clear, {@code cenc} and
 * {@code cbcs}, video (with a reordered frame: a negative composition offset) and audio —
 * pinned as golden text with fixed keys, so a change to any byte of the output shows as a diff.
 */
class SegmentGoldenTest {
    static final String DIR = "io/livepipe/streaming/golden";

    @Test
    void initAndMediaSegmentsInEveryScheme() {
        OnTheFlyEncryption encryption = new OnTheFlyEncryption(KEYS, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        byte[] videoInit = CmafWriter.init(VIDEO);
        byte[] audioInit = CmafWriter.init(AUDIO);
        for (String policy : new String[] {"clear", "cenc", "cbcs"}) {
            Locator l = locator(policy);
            Asset.Entry v = a.renditions().get("video").segments().get(2);
            Asset.Entry s = a.renditions().get("audio").segments().get(2);
            Golden.assertMatches(DIR, policy + ".video-init.txt", BoxDump.dump(encryption.init(l, a, "v/init.mp4", videoInit)));
            Golden.assertMatches(DIR, policy + ".audio-init.txt", BoxDump.dump(encryption.init(l, a, "a/init.mp4", audioInit)));
            Golden.assertMatches(DIR, policy + ".video-segment.txt",
                    BoxDump.dump(encryption.segment(l, a, "v/init.mp4", () -> videoInit, v, "video", videoSegment())));
            Golden.assertMatches(DIR, policy + ".audio-segment.txt",
                    BoxDump.dump(encryption.segment(l, a, "a/init.mp4", () -> audioInit, s, "audio", audioSegment())));
        }
    }

    /** What a zero-copy host sends (a new head, then the rest encrypted in the read's own array) is the golden segment, byte for byte. */
    @Test
    void segmentsEncryptedInPlaceAreTheSameBytes() {
        OnTheFlyEncryption encryption = new OnTheFlyEncryption(KEYS, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        Asset.Entry v = a.renditions().get("video").segments().get(2);
        Asset.Entry s = a.renditions().get("audio").segments().get(2);
        for (String policy : new String[] {"cenc", "cbcs"}) {
            Locator l = locator(policy);
            byte[] video = encryption.segmentInPlace(l, a, "v/init.mp4", () -> CmafWriter.init(VIDEO), v, "video", videoSegment()).toByteArray();
            assertArrayEquals(encryption.segment(l, a, "v/init.mp4", () -> CmafWriter.init(VIDEO), v, "video", videoSegment()), video);
            Golden.assertMatches(DIR, policy + ".video-segment.txt", BoxDump.dump(video));
            byte[] audio = encryption.segmentInPlace(l, a, "a/init.mp4", () -> CmafWriter.init(AUDIO), s, "audio", audioSegment()).toByteArray();
            Golden.assertMatches(DIR, policy + ".audio-segment.txt", BoxDump.dump(audio));
        }
    }

    /** A segment reads its init only until the init's header is kept: not once per request. */
    @Test
    void theInitIsReadOncePerInitPathNotPerSegment() {
        OnTheFlyEncryption encryption = new OnTheFlyEncryption(KEYS, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<byte[]> init = () -> {
            reads.incrementAndGet();
            return CmafWriter.init(VIDEO);
        };
        for (Asset.Entry v : a.renditions().get("video").segments()) {
            encryption.segment(locator("cenc"), a, "v/run-a.mp4", init, v, "video", videoSegment());
            encryption.segmentInPlace(locator("cbcs"), a, "v/run-a.mp4", init, v, "video", videoSegment());
        }
        assertEquals(1, reads.get());
    }

    /**
     * Smooth Streaming fragments as players get them: rebuilt from the CMAF segment at the
     * manifest's time with tfxd (and a live tfrf), clear and — for a cenc locator, PlayReady's
     * scheme — encrypted as the DASH segment is.
     */
    @Test
    void smoothFragmentsClearAndCenc() {
        OnTheFlyEncryption encryption = new OnTheFlyEncryption(KEYS, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        Asset.Entry v = a.renditions().get("video").segments().get(2);
        byte[] clear = io.livepipe.media.smooth.SmoothFragment.of(3, 360_000,
                io.livepipe.media.mp4.FragmentSamples.read(videoSegment()), true,
                java.util.List.of(new io.livepipe.media.smooth.SmoothFragment.Next(369_000, 9000)));
        Golden.assertMatches(DIR, "smooth.video-fragment.txt", BoxDump.dump(clear));
        Golden.assertMatches(DIR, "smooth-cenc.video-fragment.txt",
                BoxDump.dump(encryption.segment(locator("cenc"), a, "v/init.mp4", () -> CmafWriter.init(VIDEO), v, "video", clear)));
    }
}
