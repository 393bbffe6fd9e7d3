package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingFixtures.BASE;
import static io.livepipe.streaming.StreamingFixtures.KEY;
import static io.livepipe.streaming.StreamingFixtures.KEYS;
import static io.livepipe.streaming.StreamingFixtures.VIDEO;
import static io.livepipe.streaming.StreamingFixtures.asset;
import static io.livepipe.streaming.StreamingFixtures.locator;
import static io.livepipe.streaming.StreamingFixtures.run;
import static io.livepipe.testing.AvcSamples.avcc;
import static io.livepipe.testing.AvcSamples.idr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.archive.Asset;
import io.livepipe.media.TrackType;
import io.livepipe.media.cenc.ClearTrackHeader;
import io.livepipe.media.cenc.CmafEncryption;
import io.livepipe.media.cenc.Scheme;
import io.livepipe.media.mp4.CmafWriter;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parts encrypted one by one take their samples' IVs in the whole segment; the earlier parts' sample counts are parsed once, not per request. */
class LowLatencyProtectionTest {
    /** Three parts of 2, 3 and 1 samples: a segment cut as the fragmenter cuts it. */
    static List<byte[]> parts() {
        int[] samples = {2, 3, 1};
        List<byte[]> parts = new ArrayList<>();
        long time = 900_000;
        for (int p = 0; p < samples.length; p++) {
            List<CmafWriter.Sample> s = new ArrayList<>();
            for (int i = 0; i < samples[p]; i++) s.add(new CmafWriter.Sample(3000, 0, p == 0 && i == 0, avcc(idr(40 + 7 * i + p))));
            parts.add(CmafWriter.fragment(TrackType.VIDEO, 5, time, s));
            time += 3000L * samples[p];
        }
        return parts;
    }

    @Test
    void eachPartIsItsSamplesAsInTheWholeSegmentAndEarlierPartsAreCountedOnce() {
        LowLatencyProtection protection = new LowLatencyProtection(KEYS, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        byte[] init = CmafWriter.init(VIDEO);
        List<byte[]> parts = parts();
        for (String scheme : new String[] {"cenc", "cbcs"}) {
            LowLatencyProtection.Samples samples = protection.samples(locator(scheme), a, TrackType.VIDEO, null);
            long identity = OnTheFlyEncryption.segmentIdentity("video", "run-a", 900_000);
            int[] first = {0, 2, 5};
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (int i = parts.size() - 1; i >= 0; i--) {
                byte[] expected = CmafEncryption.encryptChunk(ClearTrackHeader.of(init), parts.get(i), Scheme.valueOf(scheme.toUpperCase()), KEY,
                        OnTheFlyEncryption.bytes(StreamingFixtures.KID), identity, first[i]);
                assertArrayEquals(expected, samples.part(init, "video", "run-a", 900_000, parts, i), scheme + " part " + i);
                assertArrayEquals(expected, samples.chunk(init, "video", "run-a", 900_000, parts.get(i), first[i]));
            }
            for (int i = 0; i < parts.size(); i++) whole.writeBytes(samples.part(init, "video", "run-a", 900_000, parts, i));
            assertArrayEquals(whole.toByteArray(), samples.segment(init, "video", "run-a", 900_000, parts), scheme);
        }
        assertEquals(3, protection.rememberedParts(), "each part parsed for its count once, whatever was asked how often");
    }

    /** A part request looks up its one key and builds no manifest signalling (PlayReady header, pssh boxes); the manifests' lines still come. */
    @Test
    void aPartAsksForItsKeyOnceAndBuildsNoSignalling() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        StreamingKeys counted = new StreamingKeys() {
            @Override
            public void prepare(Asset asset, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType) { }

            @Override
            public Key key(Asset asset, TrackType type) {
                lookups.incrementAndGet();
                return KEYS.key(asset, type);
            }

            @Override
            public void forget(String assetName, java.time.Instant keep) { }
        };
        LowLatencyProtection protection = new LowLatencyProtection(counted, BASE);
        Asset a = asset(Duration.ofHours(1), run("run-a", 1, 0, 3, 0, false));
        LowLatencyProtection.Samples samples = protection.samples(locator("cbcs"), a, TrackType.VIDEO, null);
        samples.part(CmafWriter.init(VIDEO), "video", "run-a", 900_000, parts(), 1);
        assertEquals(1, lookups.get(), "the part's key, nothing for signalling");
        assertEquals(true, samples.keyLines().stream().anyMatch(l -> l.contains("SAMPLE-AES")), samples.keyLines().toString());
        assertEquals(true, samples.contentProtection().contains("cbcs"));
    }
}
