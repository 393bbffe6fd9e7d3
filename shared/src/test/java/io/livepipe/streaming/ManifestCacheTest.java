package io.livepipe.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.SegmentName;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PutOptions;
import io.livepipe.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendered manifests kept by the streaming endpoint are never stale and never shared wrongly:
 * every answer equals what a service without any kept manifest renders at that moment, after a
 * segment is stamped, after the program stops, for each rendition, clip and locator, for a live
 * MPD as the clock moves; a manifest carrying a viewer's token is never kept.
 */
class ManifestCacheTest {
    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock();
    ArchiveService archive;
    LocatorService locators;
    FileBlobStore media;
    StreamingService streaming;
    String clear;
    long stamped;

    @BeforeEach
    void setUp() {
        JsonDocuments docs = new JsonDocuments(new FileBlobStore(dir.resolve("state"), "state", EventPublisher.none(), clock));
        media = new FileBlobStore(dir.resolve("media"), "media", EventPublisher.none(), clock);
        EventFactory f = new EventFactory("/t", clock);
        ChannelService channels = new ChannelService(docs, EventPublisher.none(), f, clock, new SecureRandom(),
                (n, k) -> IngestEndpoints.of("h", 1, 2, n, k));
        channels.create("ch", new ChannelSpec(null, null, null, null, null, null, null, null));
        archive = new ArchiveService(docs, channels, EventPublisher.none(), f, clock);
        locators = new LocatorService(docs, archive, new SecureRandom(), clock, StreamingFixtures.KEYS);
        streaming = fresh();
        archive.start("ch", "p", "show", Duration.ofMinutes(10));
        clock.advance(Duration.ofSeconds(1));
        stampInit("video", CmafWriter.init(StreamingFixtures.VIDEO));
        stampInit("audio", CmafWriter.init(StreamingFixtures.AUDIO));
        for (int i = 0; i < 3; i++) stampSegment();
        clear = locators.create(new LocatorRequest("show", null, null, null, null, null)).id();
    }

    /** A service with nothing kept yet: what rendering now answers. */
    StreamingService fresh() {
        return new StreamingService(locators, archive, media, clock, StreamingFixtures.KEYS, StreamingFixtures.BASE);
    }

    void stampInit(String rendition, byte[] init) {
        SegmentName n = SegmentName.init("ch", "run1", rendition);
        media.put(n.path(), init, PutOptions.of("video/mp4"));
        stamp(n, init.length);
    }

    void stampSegment() {
        long seq = ++stamped;
        clock.advance(Duration.ofSeconds(2));
        stamp(new SegmentName("ch", "run1", "video", false, seq, (seq - 1) * 180_000L, 180_000, 90_000, true, false), 1000);
        stamp(new SegmentName("ch", "run1", "audio", false, seq, (seq - 1) * 96_000L, 96_000, 48_000, true, false), 100);
    }

    void stamp(SegmentName n, long size) {
        BlobProperties p = new BlobProperties(n.path(), size, "\"e" + n.path().hashCode() + "\"", "video/mp4", Map.of(), clock.now);
        archive.stamp(BlobCreatedEvents.create("acct", "media", "http://x/" + n.path(), p, 1, clock.now));
    }

    StreamingResponse get(String path, Map<String, String> query) {
        StreamingResponse kept = streaming.handle(path, query, null);
        StreamingResponse now = fresh().handle(path, query, null);
        assertEquals(200, kept.status(), path);
        assertArrayEquals(now.body(), kept.body(), path + " " + query + " must be what rendering now answers");
        assertEquals(now.headers(), kept.headers());
        return kept;
    }

    static String text(StreamingResponse r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void aPlaylistIsKeptWhileNothingChangesAndNeverStaleAfterAStamp() {
        String before = text(get(clear + "/video.m3u8", Map.of()));
        assertEquals(before, text(get(clear + "/video.m3u8", Map.of())));
        assertEquals(1, streaming.cachedManifests());
        stampSegment();
        String after = text(get(clear + "/video.m3u8", Map.of()));
        assertNotEquals(before, after);
        assertTrue(after.contains("video/run1/540000.m4s") && !before.contains("540000"), "the segment stamped last is listed: " + after);
        assertEquals(1, streaming.cachedManifests(), "the newer version's answer replaced the older one");
    }

    @Test
    void aPlaylistTurnsVodTheMomentItsProgramStops() {
        assertFalse(text(get(clear + "/audio.m3u8", Map.of())).contains("#EXT-X-ENDLIST"));
        archive.stop("ch", "p");
        assertTrue(text(get(clear + "/audio.m3u8", Map.of())).contains("#EXT-X-ENDLIST"));
    }

    @Test
    void eachRenditionClipFormAndLocatorIsKeptApart() {
        archive.stop("ch", "p");
        String other = locators.create(new LocatorRequest("show", null, 2.0, null, null, null)).id();
        String video = text(get(clear + "/video.m3u8", Map.of()));
        String audio = text(get(clear + "/audio.m3u8", Map.of()));
        String clip = text(get(clear + "/video.m3u8", Map.of("startTime", "2", "endTime", "4")));
        String windowed = text(get(other + "/video.m3u8", Map.of()));
        String master = text(get(clear + "/master.m3u8", Map.of()));
        String mpd = text(get(clear + "/manifest.mpd", Map.of()));
        assertEquals(6, java.util.Set.of(video, audio, clip, windowed, master, mpd).size(), "six different answers");
        assertEquals(6, streaming.cachedManifests());
        assertEquals(clip, text(get(clear + "/video.m3u8", Map.of("startTime", "2", "endTime", "4"))));
    }

    @Test
    void aLiveMpdSaysTheTimeItIsAskedAt() {
        String first = text(get(clear + "/manifest.mpd", Map.of()));
        clock.advance(Duration.ofSeconds(1));
        String second = text(get(clear + "/manifest.mpd", Map.of()));
        assertNotEquals(first, second, "publishTime moves with the clock");
        assertEquals(0, streaming.cachedManifests());
    }

    @Test
    void aManifestCarryingAViewersTokenIsNeverKeptNorShared() {
        String envelope = locators.create(new LocatorRequest("show", "envelope", null, null, "policy", null)).id();
        String plain = text(get(envelope + "/master.m3u8", Map.of()));
        String a = text(get(envelope + "/master.m3u8", Map.of("token", "aaaa.bbbb.cccc")));
        String b = text(get(envelope + "/master.m3u8", Map.of("token", "dddd.eeee.ffff")));
        String media = text(get(envelope + "/video.m3u8", Map.of("token", "dddd.eeee.ffff")));
        assertTrue(a.contains("aaaa.bbbb.cccc") && !a.contains("dddd"));
        assertTrue(b.contains("dddd.eeee.ffff") && !b.contains("aaaa"));
        assertTrue(media.contains("dddd.eeee.ffff"));
        assertFalse(plain.contains("token="));
        assertFalse(text(get(envelope + "/video.m3u8", Map.of())).contains("token="));
        assertEquals(2, streaming.cachedManifests(), "only the token-free master and media playlists");
    }
}
