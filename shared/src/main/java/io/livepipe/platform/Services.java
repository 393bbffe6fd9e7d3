package io.livepipe.platform;

import io.livepipe.archive.ArchiveService;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventFactory;
import io.livepipe.protection.ContentKeyPolicyService;
import io.livepipe.protection.ContentKeyStore;
import io.livepipe.protection.KeyAuthorizer;
import io.livepipe.protection.LicenseService;
import io.livepipe.protection.PlaybackTokens;
import io.livepipe.protection.ProtectedStreamingKeys;
import io.livepipe.protection.ProtectionSettings;
import io.livepipe.protection.cpix.CpixService;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.streaming.AssetDeletion;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.PreviewTokens;
import io.livepipe.streaming.StreamingKeys;
import io.livepipe.streaming.StreamingService;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.SigningKeys;
import java.security.SecureRandom;

/** Builds the services of {@code shared} from a {@link Platform}'s ports and settings. */
public final class Services {
    private Services() { }

    public static EventFactory eventFactory(Platform p) {
        return new EventFactory(p.settings().get(Setting.LIVEPIPE_EVENTGRID_TOPIC_ID), p.clock());
    }

    public static ChannelService channels(Platform p) {
        Settings s = p.settings();
        String host = s.get(Setting.LIVEPIPE_PUBLIC_HOST);
        int rtmp = s.getInt(Setting.LIVEPIPE_RTMP_PORT);
        int http = s.getInt(Setting.LIVEPIPE_HTTP_PORT);
        return new ChannelService(new JsonDocuments(p.state()), p.events(), eventFactory(p), p.clock(),
                new SecureRandom(), (name, key) -> IngestEndpoints.of(host, rtmp, http, name, key));
    }

    public static ArchiveService archive(Platform p) {
        return new ArchiveService(new JsonDocuments(p.state()), channels(p), p.events(), eventFactory(p), p.clock());
    }

    public static LocatorService locators(Platform p) {
        return new LocatorService(new JsonDocuments(p.state()), archive(p), new SecureRandom(), p.clock(), streamingKeys(p));
    }

    /** Deletes an asset with its locators and content keys. */
    public static AssetDeletion assetDeletion(Platform p) {
        return new AssetDeletion(archive(p), locators(p), streamingKeys(p));
    }

    /** Content keys as the streaming endpoint sees them; the key store opens on first use. */
    public static StreamingKeys streamingKeys(Platform p) {
        return new ProtectedStreamingKeys(new JsonDocuments(p.state()), () -> contentKeys(p), () -> contentKeyPolicies(p));
    }

    public static StreamingService streaming(Platform p) {
        return new StreamingService(locators(p), archive(p), p.media(), p.clock(), streamingKeys(p), publicBaseUrl(p));
    }

    /** Where players reach this platform's routes (key delivery, licenses, previews): LIVEPIPE_PUBLIC_BASE_URL, else http://LIVEPIPE_PUBLIC_HOST:LIVEPIPE_HTTP_PORT. */
    public static String publicBaseUrl(Platform p) {
        Settings s = p.settings();
        if (s.isSet(Setting.LIVEPIPE_PUBLIC_BASE_URL)) {
            String url = s.get(Setting.LIVEPIPE_PUBLIC_BASE_URL);
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return "http://" + s.get(Setting.LIVEPIPE_PUBLIC_HOST) + ":" + s.get(Setting.LIVEPIPE_HTTP_PORT);
    }

    /** Preview tokens signed with LIVEPIPE_PREVIEW_KEY, or a key made once per process when it is unset. */
    public static PreviewTokens previewTokens(Platform p) {
        if (p.settings().isSet(Setting.LIVEPIPE_PREVIEW_KEY)) {
            return new PreviewTokens(java.util.Base64.getDecoder().decode(p.settings().get(Setting.LIVEPIPE_PREVIEW_KEY)), p.clock());
        }
        return new PreviewTokens(ProcessPreviewKey.KEY, p.clock());
    }

    /** A random preview key for this process, made on first use (nextBytes: generateSeed may block on entropy). */
    private static final class ProcessPreviewKey {
        static final byte[] KEY = new byte[32];

        static {
            new SecureRandom().nextBytes(KEY);
        }
    }

    /** The token signing keys of LIVEPIPE_TOKEN_SIGNING_KEYS; unset or malformed: IllegalStateException naming it. */
    public static SigningKeys signingKeys(Platform p) { return ProtectionSettings.signingKeys(p.settings()); }

    /** Each asset's content keys, wrapped under LIVEPIPE_KEY_ENCRYPTION_KEY (unset: IllegalStateException naming it). */
    public static ContentKeyStore contentKeys(Platform p) {
        return new ContentKeyStore(new JsonDocuments(p.state()), ProtectionSettings.keyEncryptionKey(p.settings()), new SecureRandom(), p.clock());
    }

    public static ContentKeyPolicyService contentKeyPolicies(Platform p) {
        return new ContentKeyPolicyService(new JsonDocuments(p.state()), signingKeys(p), p.clock());
    }

    /** Issues playback JWTs with the first signing key, LIVEPIPE_TOKEN_ISSUER and LIVEPIPE_TOKEN_AUDIENCE. */
    public static PlaybackTokenIssuer tokenIssuer(Platform p) {
        return new PlaybackTokenIssuer(signingKeys(p), p.settings().get(Setting.LIVEPIPE_TOKEN_ISSUER),
                p.settings().get(Setting.LIVEPIPE_TOKEN_AUDIENCE), p.clock(), new SecureRandom());
    }

    public static PlaybackTokenVerifier tokenVerifier(Platform p) { return new PlaybackTokenVerifier(p.clock()); }

    /** Tokens for a locator, optionally bound to its asset's key (the Tokens function's service). */
    public static PlaybackTokens playbackTokens(Platform p) {
        return new PlaybackTokens(locators(p), contentKeys(p), tokenIssuer(p));
    }

    /** The gate of key delivery and licenses: locator + policy + token + key id to a content key. */
    public static KeyAuthorizer keyAuthorizer(Platform p) {
        return new KeyAuthorizer(locators(p), contentKeyPolicies(p), contentKeys(p), tokenVerifier(p));
    }

    /** Key delivery, ClearKey licenses and the DRM license proxy (upstreams: LIVEPIPE_*_LICENSE_URL). */
    public static LicenseService licenses(Platform p) {
        Settings s = p.settings();
        return new LicenseService(locators(p), keyAuthorizer(p), contentKeys(p), java.util.Map.of(
                "widevine", s.get(Setting.LIVEPIPE_WIDEVINE_LICENSE_URL), "playready", s.get(Setting.LIVEPIPE_PLAYREADY_LICENSE_URL),
                "fairplay", s.get(Setting.LIVEPIPE_FAIRPLAY_LICENSE_URL)));
    }

    public static CpixService cpix(Platform p) { return new CpixService(archive(p), contentKeys(p), new SecureRandom()); }

    /** The ingest and preview URLs of a channel with a placeholder where the key goes. */
    public static IngestEndpoints endpointsWithoutKey(Platform p, String channel) {
        Settings s = p.settings();
        return IngestEndpoints.of(s.get(Setting.LIVEPIPE_PUBLIC_HOST), s.getInt(Setting.LIVEPIPE_RTMP_PORT),
                s.getInt(Setting.LIVEPIPE_HTTP_PORT), channel, "{streamKey}");
    }
}
