package io.livepipe.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.archive.ArchiveService;
import io.livepipe.http.Refusal;
import io.livepipe.platform.Services;
import io.livepipe.streaming.AssetDeletion;
import io.livepipe.streaming.Locator;
import io.livepipe.streaming.LocatorRequest;
import io.livepipe.streaming.LocatorService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting an asset takes its locators and keys with it; a locator or key never outlives its asset's generation. */
class AssetDeletionTest {
    @TempDir
    Path root;
    ProtectionFixture f;
    ArchiveService archive;
    LocatorService locators;
    AssetDeletion deletion;

    @BeforeEach
    void setUp() {
        f = new ProtectionFixture(root, Clock.systemUTC());
        archive = Services.archive(f.platform);
        locators = Services.locators(f.platform);
        deletion = Services.assetDeletion(f.platform);
        Services.contentKeyPolicies(f.platform).create(new ContentKeyPolicyRequest("open", "open", null, null, null, null, null));
    }

    Locator envelope(String asset) { return locators.create(new LocatorRequest(asset, "envelope", null, null, "open", null)); }

    /** The key an envelope locator hands out, through the gate players ask. */
    ContentKey key(Locator l) {
        ContentKey stored = Services.contentKeys(f.platform).existing(l.assetName(), l.assetCreated()).orElseThrow().contentKeys().get(0);
        return Services.keyAuthorizer(f.platform).authorize(l.id(), "open", null, stored.keyId());
    }

    /** A new generation of {@code asset}: its creation instant differs from the one before. */
    void recreate(String asset) throws InterruptedException {
        Instant before = Instant.now();
        while (!Instant.now().isAfter(before)) Thread.sleep(1);
        f.asset(asset);
    }

    @Test
    void deletingAnAssetDeletesItsLocatorsAndKeysAndARetryIsNoError() {
        f.asset("a1");
        Locator clear = locators.create(new LocatorRequest("a1", "clear", null, null, null, null));
        Locator env = envelope("a1");
        key(env);
        assertEquals(new AssetDeletion.Deleted(true, 2), deletion.delete("a1"));
        assertEquals(new AssetDeletion.Deleted(false, 0), deletion.delete("a1"));
        assertTrue(locators.find(clear.id()).isEmpty());
        assertTrue(f.platform.state().list(LocatorService.PREFIX).isEmpty(), "locator documents deleted");
        assertTrue(f.platform.state().list(ContentKeyStore.PREFIX).isEmpty(), "key documents deleted");
    }

    @Test
    void aLocatorLeftBehindNeverServesNorHandsOutKeysForTheAssetRecordedAgainUnderItsName() throws Exception {
        f.asset("a1");
        Locator old = envelope("a1");
        ContentKey oldKey = key(old);
        archive.deleteAsset("a1"); // the asset's document only: as a delete stopped part-way, or a locator made during it
        recreate("a1");
        assertTrue(locators.find(old.id()).isEmpty(), "bound to the deleted generation");
        var answer = Services.streaming(f.platform).handle("/" + old.id() + "/master.m3u8", Map.of(), null);
        assertEquals(404, answer.status());
        assertEquals(404, assertThrows(Refusal.class,
                () -> Services.keyAuthorizer(f.platform).authorize(old.id(), "open", null, oldKey.keyId())).status());
        assertFalse(locators.list().stream().anyMatch(l -> l.id().equals(old.id())), "not listed");
        Locator fresh = envelope("a1");
        assertNotEquals(oldKey.keyId(), key(fresh).keyId(), "the new generation has keys of its own");
        assertEquals(new AssetDeletion.Deleted(true, 2), deletion.delete("a1"), "both generations' locators go");
        assertTrue(f.platform.state().list(ContentKeyStore.PREFIX).isEmpty(), "both generations' keys go");
    }

    @Test
    void cleaningUpAfterAnEarlierGenerationLeavesTheCurrentOnesLocatorsAndKeys() throws Exception {
        f.asset("a1");
        Locator old = envelope("a1");
        archive.deleteAsset("a1");
        recreate("a1");
        Locator current = envelope("a1");
        ContentKey currentKey = key(current);
        Instant keep = archive.asset("a1").created();
        assertEquals(1, locators.forgetAsset("a1", keep));
        ContentKeyStore.forget(f.docs, "a1", keep);
        assertTrue(f.platform.state().properties("locators/" + old.id() + ".json").isEmpty());
        assertEquals(current, locators.get(current.id()));
        assertEquals(currentKey, key(current), "the current generation's key is untouched");
        assertEquals(1, f.platform.state().list(ContentKeyStore.PREFIX).size());
    }

    @Test
    void aLocatorWindowMustBeFiniteSecondsWithEndAfterStart() {
        f.asset("a1");
        for (Double[] w : List.of(new Double[] {Double.NaN, null}, new Double[] {null, Double.NaN}, new Double[] {Double.POSITIVE_INFINITY, null},
                new Double[] {null, Double.POSITIVE_INFINITY}, new Double[] {Double.NEGATIVE_INFINITY, null}, new Double[] {-1.0, null},
                new Double[] {5.0, 5.0}, new Double[] {6.0, 5.0}, new Double[] {null, 0.0})) {
            Refusal e = assertThrows(Refusal.class,
                    () -> locators.create(new LocatorRequest("a1", "clear", w[0], w[1], null, null)), java.util.Arrays.toString(w));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("startTime") || e.getMessage().contains("endTime"), e.getMessage());
        }
        assertTrue(f.platform.state().list(LocatorService.PREFIX).isEmpty(), "none was written");
    }
}
