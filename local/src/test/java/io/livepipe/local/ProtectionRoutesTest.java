package io.livepipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.token.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local host's part of content protection: the JWKS route matches, secrets are made once and kept 0600. */
class ProtectionRoutesTest {
    @TempDir
    Path data;

    @Test
    void wellKnownJwksRouteMatchesItsTemplate() {
        RouteTemplate t = RouteTemplate.parse(".well-known/jwks.json");
        assertEquals(Map.of(), t.match(FunctionHost.decodeSegments(".well-known/jwks.json")).orElseThrow());
        assertTrue(t.match(List.of(".well-known", "other.json")).isEmpty());
    }

    @Test
    void unsetSecretsAreMadeOnceAndKeptOwnerReadable() throws Exception {
        Settings first = LocalPlatform.withLocalProtectionSecrets(Settings.defaults(), data);
        Settings again = LocalPlatform.withLocalProtectionSecrets(Settings.defaults(), data);
        assertEquals(first.get(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY), again.get(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY));
        assertEquals(first.get(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS), again.get(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS));
        assertEquals(32, java.util.Base64.getDecoder().decode(first.get(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY)).length);
        assertEquals("ES256", SigningKeys.parse(first.get(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS)).signingKey().getAlgorithm().getName());
        for (String f : List.of("key-encryption-key", "token-signing-keys.json")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(f))), f);
        }
        Settings configured = Settings.defaults().with(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY, "given");
        assertEquals("given", LocalPlatform.withLocalProtectionSecrets(configured, data.resolve("other")).get(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY));
    }
}
