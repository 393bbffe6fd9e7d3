package io.livepipe.protection;

import io.livepipe.archive.Asset;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventPublisher;
import io.livepipe.platform.Platform;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.Locator;
import io.livepipe.token.SigningKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A platform on files with protection settings made for the test, and helpers that put an
 * asset and a locator in its state store as the archive and locator services would.
 */
public final class ProtectionFixture {
    public final SigningKeys signingKeys = SigningKeys.generateEs256("test-1");
    public final Platform platform;
    public final JsonDocuments docs;

    public ProtectionFixture(Path root, Clock clock) {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        Settings s = Settings.defaults()
                .with(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY, Base64.getEncoder().encodeToString(kek))
                .with(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS, signingKeys.toSecretJson());
        FileBlobStore state = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), clock);
        FileBlobStore media = new FileBlobStore(root.resolve("media"), "media", EventPublisher.none(), clock);
        this.platform = new Platform(s, media, state, EventPublisher.none(), "inprocess", clock);
        this.docs = new JsonDocuments(state);
    }

    /** A sealed (VOD) asset with no renditions. */
    public void asset(String name) {
        docs.create("assets/" + name + ".json", new Asset(name, "ch", "p", Duration.ofHours(1), Asset.VOD,
                platform.clock().instant(), platform.clock().instant(), Map.of()));
    }

    /** A locator {@code id} (32 hex) on {@code asset}. */
    public void locator(String id, String asset) {
        docs.create("locators/" + id + ".json", new Locator(id, asset, "clear", null, null, platform.clock().instant(), null, null));
    }
}
