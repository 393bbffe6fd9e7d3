package io.livepipe.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.ChannelSpec;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.http.Refusal;
import io.livepipe.storage.FileBlobStore;
import io.livepipe.storage.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets that are not AES keys (an SRT passphrase) are kept wrapped with RFC 5649 under the
 * key-encryption key: they round-trip, fail under another key or when altered, and a channel's
 * document on disk holds no passphrase in clear.
 */
class KeyWrapSecretTest {
    @TempDir
    Path dir;

    @Test
    void aSecretRoundTripsAndOnlyUnderItsKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        KeyWrap kek = new KeyWrap(k);
        String sealed = kek.seal("live-pipe-secret");
        assertEquals("live-pipe-secret", kek.open(sealed));
        assertFalse(sealed.contains("live-pipe-secret"));
        assertEquals(24, Base64.getDecoder().decode(sealed).length, "16 bytes of secret, 8 of integrity check");
        k[0] ^= 1;
        assertThrows(IllegalStateException.class, () -> new KeyWrap(k).open(sealed));
        byte[] altered = Base64.getDecoder().decode(sealed);
        altered[3] ^= 1;
        assertThrows(IllegalStateException.class, () -> kek.open(Base64.getEncoder().encodeToString(altered)));
        assertThrows(IllegalStateException.class, () -> kek.open("not base64!"));
    }

    @Test
    void aChannelKeepsItsSrtPassphraseOnlySealed() throws Exception {
        KeyWrap kek = new KeyWrap(new byte[32]);
        FileBlobStore state = new FileBlobStore(dir, "state", EventPublisher.none(), Clock.systemUTC());
        ChannelService channels = new ChannelService(new JsonDocuments(state), EventPublisher.none(), new EventFactory("/t", Clock.systemUTC()),
                Clock.systemUTC(), new SecureRandom(), (n, key) -> IngestEndpoints.of("h", 1935, 7071, n, key), kek);
        channels.create("c", new ChannelSpec(null, null, null, null, null, null, null, null, null, "live-pipe-secret"));
        Channel c = channels.get("c");
        assertEquals("live-pipe-secret", channels.srtPassphrase(c).orElseThrow());
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("live-pipe-secret"), f.toString());
            }
        }
        assertThrows(Refusal.class, () -> channels.update("c",
                new ChannelSpec(null, null, null, null, null, null, null, null, null, "short")), "10 to 79 characters");
        channels.update("c", new ChannelSpec(null, null, null, null, null, null, null, null, null, ""));
        assertEquals(java.util.Optional.empty(), channels.srtPassphrase(channels.get("c")), "an empty passphrase removes it");
        ChannelService without = new ChannelService(new JsonDocuments(state), EventPublisher.none(), new EventFactory("/t", Clock.systemUTC()),
                Clock.systemUTC(), new SecureRandom(), (n, key) -> IngestEndpoints.of("h", 1935, 7071, n, key));
        assertThrows(IllegalStateException.class, () -> without.create("d",
                new ChannelSpec(null, null, null, null, null, null, null, null, null, "live-pipe-secret")),
                "no key-encryption key: no passphrase kept");
    }
}
