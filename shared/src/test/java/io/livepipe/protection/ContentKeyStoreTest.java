package io.livepipe.protection;

import io.livepipe.http.Refusal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.events.EventPublisher;
import io.livepipe.media.TrackType;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentKeyStoreTest {
    /** The generation (creation instant) of the assets these keys are for. */
    static final Instant GEN = Instant.parse("2024-06-30T12:00:00.123456789Z");
    static final HexFormat HEX = HexFormat.of();
    @TempDir
    Path root;

    BlobStore store() { return new FileBlobStore(root, "state", EventPublisher.none(), Clock.systemUTC()); }

    static KeyWrap kek() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new KeyWrap(k);
    }

    @Test
    void wrapMatchesRfc3394Section41Vector() {
        // 128-bit key data wrapped with a 128-bit KEK
        KeyWrap w = new KeyWrap(HEX.parseHex("000102030405060708090A0B0C0D0E0F"));
        byte[] wrapped = w.wrap(HEX.parseHex("00112233445566778899AABBCCDDEEFF"));
        assertEquals("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5", HEX.formatHex(wrapped));
        assertEquals("00112233445566778899aabbccddeeff", HEX.formatHex(w.unwrap(wrapped)));
    }

    @Test
    void wrapMatchesRfc3394Section43VectorWithA256BitKek() {
        // 128-bit key data with a 256-bit KEK: the contract's configuration
        KeyWrap w = new KeyWrap(HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"));
        assertEquals("64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7",
                HEX.formatHex(w.wrap(HEX.parseHex("00112233445566778899AABBCCDDEEFF"))));
    }

    @Test
    void unwrapUnderAnotherKekFailsItsIntegrityCheck() {
        byte[] wrapped = kek().wrap(new byte[16]);
        assertThrows(IllegalStateException.class, () -> kek().unwrap(wrapped));
    }

    @Test
    void storedDocumentHoldsNoPlaintextKeyBytes() {
        BlobStore s = store();
        ContentKeyStore keys = new ContentKeyStore(new JsonDocuments(s), kek(), new SecureRandom(), Clock.systemUTC());
        AssetKeys made = keys.keys("news-1", GEN, true);
        byte[] blob = s.get(ContentKeyStore.path("news-1", GEN)).orElseThrow().data();
        String text = new String(blob, StandardCharsets.ISO_8859_1);
        assertEquals(2, made.keys().size());
        for (ContentKey k : made.contentKeys()) {
            byte[] raw = k.key();
            assertFalse(indexOf(blob, raw) >= 0, "raw key bytes in the document");
            for (String form : List.of(HEX.formatHex(raw), HEX.withUpperCase().formatHex(raw), Base64.getEncoder().encodeToString(raw),
                    Base64.getEncoder().withoutPadding().encodeToString(raw), Base64.getUrlEncoder().withoutPadding().encodeToString(raw))) {
                assertFalse(text.contains(form), "key in the document as " + form);
            }
            assertTrue(text.contains(k.keyIdText()), "key ids are stored in the clear");
        }
        assertFalse(made.toString().contains(HEX.formatHex(made.contentKeys().get(0).key())));
    }

    @Test
    void keysAreMadeOnceAndReadBackTheSame() {
        KeyWrap kek = kek();
        JsonDocuments docs = new JsonDocuments(store());
        AssetKeys first = new ContentKeyStore(docs, kek, new SecureRandom(), Clock.systemUTC()).keys("a", GEN);
        AssetKeys again = new ContentKeyStore(docs, kek, new SecureRandom(), Clock.systemUTC()).keys("a", GEN);
        assertEquals(first, again);
        assertEquals(1, first.keys().size());
        assertTrue(Pattern.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", first.contentKeys().get(0).keyIdText()));
        assertEquals(first.contentKeys().get(0), first.forTrack(TrackType.AUDIO));
        assertEquals(first.contentKeys().get(0), first.find(first.contentKeys().get(0).keyId()).orElseThrow());
    }

    @Test
    void keyPerTrackTypeGivesVideoAndAudioTheirOwnKeysAndLayoutsDoNotMix() {
        ContentKeyStore keys = new ContentKeyStore(new JsonDocuments(store()), kek(), new SecureRandom(), Clock.systemUTC());
        AssetKeys k = keys.keys("b", GEN, true);
        assertNotEquals(k.forTrack(TrackType.VIDEO).keyId(), k.forTrack(TrackType.AUDIO).keyId());
        assertEquals(409, assertThrows(Refusal.class, () -> keys.keys("b", GEN, false)).status());
        assertEquals(k, keys.keys("b", GEN));
    }

    @Test
    void badAssetNamesAreRefused() {
        ContentKeyStore keys = new ContentKeyStore(new JsonDocuments(store()), kek(), new SecureRandom(), Clock.systemUTC());
        assertEquals(400, assertThrows(Refusal.class, () -> keys.keys("../x", GEN)).status());
        assertTrue(keys.existing("never-made", GEN).isEmpty());
    }

    @Test
    void concurrentFirstRequestsForAnAssetEndWithOneKey() throws Exception {
        BlobStore shared = store();
        KeyWrap kek = kek();
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            String asset = "race-" + round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<AssetKeys>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // each thread is an instance of its own: its own store service and random source
                ContentKeyStore instance = new ContentKeyStore(new JsonDocuments(shared), kek, new SecureRandom(), Clock.systemUTC());
                results.add(pool.submit(() -> {
                    start.await();
                    return instance.keys(asset, GEN);
                }));
            }
            start.countDown();
            Set<AssetKeys> distinct = new HashSet<>();
            for (Future<AssetKeys> f : results) distinct.add(f.get(30, TimeUnit.SECONDS));
            pool.shutdown();
            assertEquals(1, distinct.size(), "every instance got the same key");
            assertArrayEquals(distinct.iterator().next().contentKeys().get(0).key(),
                    new ContentKeyStore(new JsonDocuments(shared), kek, new SecureRandom(), Clock.systemUTC()).existing(asset, GEN).orElseThrow().contentKeys().get(0).key());
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
