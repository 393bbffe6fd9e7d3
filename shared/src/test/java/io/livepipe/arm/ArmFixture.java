package io.livepipe.arm;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventPublisher;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.token.SigningKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/** A platform on files with the ARM face's token set, and calls on it as a client sends them. */
final class ArmFixture {
    static final String TOKEN = "arm-test-token-0123456789";
    static final String ACCOUNT = "subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Media/mediaservices/acct";
    final ServiceGraph services;
    /** Every event the services published, in order. */
    final java.util.List<io.livepipe.events.EventGridEvent> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ArmApi arm;

    ArmFixture(Path root, Settings extra) {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        Settings s = extra.with(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY, Base64.getEncoder().encodeToString(kek))
                .with(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS, SigningKeys.generateEs256("test-1").toSecretJson())
                .with(Setting.LIVEPIPE_ARM_TOKEN, TOKEN);
        Clock clock = Clock.systemUTC();
        FileBlobStore state = new FileBlobStore(root.resolve("state"), "state", EventPublisher.none(), clock);
        FileBlobStore media = new FileBlobStore(root.resolve("media"), "media", EventPublisher.none(), clock);
        this.services = new ServiceGraph(new Platform(s, media, state, published::addAll, "inprocess", clock));
        this.arm = services.arm();
    }

    ArmFixture(Path root) { this(root, Settings.defaults()); }

    ArmResponse call(String method, String rest, String version, String body) {
        return call(method, ACCOUNT + rest, version == null ? Map.of() : Map.of("api-version", version), "Bearer " + TOKEN, body);
    }

    ArmResponse call(String method, String path, Map<String, String> query, String authorization, String body) {
        return arm.handle(new ArmRequest(method, path, query, authorization, body, "https://livepipe.example/api"));
    }
}
