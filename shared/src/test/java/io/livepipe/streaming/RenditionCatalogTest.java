package io.livepipe.streaming;

import static io.livepipe.streaming.StreamingFixtures.T0;
import static io.livepipe.streaming.StreamingFixtures.VIDEO;
import static io.livepipe.streaming.StreamingFixtures.locator;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepipe.archive.Asset;
import io.livepipe.archive.SegmentName;
import io.livepipe.archive.Timelines;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.manifest.Rendition;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.PutOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facts a manifest needs come from the timeline, not from stored segments; old names still play. */
class RenditionCatalogTest {
    @TempDir
    Path dir;

    private FileBlobStore storeWithInit() {
        FileBlobStore media = new FileBlobStore(dir, "media", EventPublisher.none(), Clock.systemUTC());
        media.put(SegmentName.init("tv", "run-a", "video").path(), CmafWriter.init(VIDEO), PutOptions.of("video/mp4"));
        return media;
    }

    private static Asset stamped(SegmentName n) {
        Asset a = new Asset("show", "tv", "p", Duration.ofHours(1), Asset.LIVE, T0, null, Map.of());
        return Timelines.stamp(a, n, T0.plusSeconds(2), 50_000);
    }

    @Test
    void theFrameRateComesFromTheFramesTheSegmentsNameCarriesWithTheSegmentNeverRead() {
        FileBlobStore media = storeWithInit(); // the segment itself is not in the store: reading it would find nothing
        SegmentName n = new SegmentName("tv", "run-a", "video", false, 1, 0, 180_000, 90_000, true, false, 0, 50);
        Asset a = stamped(n);
        Rendition r = new RenditionCatalog(media).rendition(a, locator("clear"), Map.of(), "video");
        assertEquals(25.0, r.frameRate());
        assertEquals(50, a.renditions().get("video").segments().get(0).frames());
        assertEquals(VIDEO.codecs(), r.track().codecs());
    }

    @Test
    void aSegmentStoredBeforeNamesCarriedFramesHasItsSamplesCounted() {
        FileBlobStore media = storeWithInit();
        // 3 samples of 3000 ticks at 90 kHz, under a name without a frame count
        SegmentName n = new SegmentName("tv", "run-a", "video", false, 1, 360_000, 9_000, 90_000, true, false);
        media.put(n.path(), StreamingFixtures.videoSegment(), PutOptions.of("video/iso.segment"));
        Rendition r = new RenditionCatalog(media).rendition(stamped(n), locator("clear"), Map.of(), "video");
        assertEquals(0, n.frames());
        assertEquals(30.0, r.frameRate());
    }
}
