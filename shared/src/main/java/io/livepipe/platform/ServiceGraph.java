package io.livepipe.platform;

import io.livepipe.arm.ArmApi;
import io.livepipe.arm.ArmBearer;
import io.livepipe.arm.ArmContentKeyPolicies;
import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.ChannelAutomation;
import io.livepipe.archive.RetentionSweep;

import io.livepipe.channel.ChannelObserver;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.channel.SecretSeal;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventFactory;
import io.livepipe.protection.ContentKeyPolicyService;
import io.livepipe.protection.ContentKeyStore;
import io.livepipe.protection.KeyAuthorizer;
import io.livepipe.protection.LicenseService;
import io.livepipe.protection.PlaybackTokens;
import io.livepipe.protection.KeyGrants;
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
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The services of {@code shared} over one {@link Platform}, each built on first use and then
 * shared by everything that asks this graph: one locator service (and its ETag parse cache), one
 * archive service, one key store, one token verifier... A process builds one graph (the
 * Functions worker in {@code FunctionsPlatform}, the local host in {@code LocalPlatform}) and
 * hands it to every function instance, however many the worker creates. Services that need a
 * setting fail on first use, naming it (an unset key-encryption key does not stop Health).
 */
public final class ServiceGraph {
    private final Platform platform;

    private final Once<JsonDocuments> documents;
    private final Once<EventFactory> eventFactory;
    private final Once<ChannelService> channels;
    private final Once<ChannelObserver> channelObserver;
    private final Once<ChannelAutomation> channelAutomation;
    private final Once<ArchiveService> archive;
    private final Once<RetentionSweep> retention;
    private final Once<LocatorService> locators;
    private final Once<AssetDeletion> assetDeletion;
    private final Once<StreamingKeys> streamingKeys;
    private final Once<StreamingService> streaming;
    private final Once<PreviewTokens> previewTokens;
    private final Once<SigningKeys> signingKeys;
    private final Once<ContentKeyStore> contentKeys;
    private final Once<ContentKeyPolicyService> contentKeyPolicies;
    private final Once<PlaybackTokenIssuer> tokenIssuer;
    private final Once<PlaybackTokenVerifier> tokenVerifier;
    private final Once<PlaybackTokens> playbackTokens;
    private final Once<KeyAuthorizer> keyAuthorizer;
    /** What the key gate remembers, forgotten by the services that delete what it stands for. */
    private final KeyGrants keyGrants;
    private final Once<LicenseService> licenses;
    private final Once<CpixService> cpix;
    private final Once<ArmApi> arm;

    public ServiceGraph(Platform p) {
        this.platform = p;
        Settings s = p.settings();
        documents = new Once<>(() -> new JsonDocuments(p.state()));
        // events carry the Media Services account as topic when livepipe stands in for one, so AMS users' filters match
        eventFactory = new Once<>(() -> new EventFactory(amsAccount(s).fixed() ? amsAccount(s).resourceId()
                : s.get(Setting.LIVEPIPE_EVENTGRID_TOPIC_ID), p.clock()));
        channels = new Once<>(() -> {
            String host = s.get(Setting.LIVEPIPE_PUBLIC_HOST);
            IngestEndpoints.Ports ports = ingestPorts(s);
            // SRT passphrases are kept wrapped under the key-encryption key; without one, a channel cannot have one.
            SecretSeal seal = s.isSet(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY) ? ProtectionSettings.keyEncryptionKey(s) : SecretSeal.NONE;
            return new ChannelService(documents(), p.events(), eventFactory(), p.clock(), new SecureRandom(),
                    (name, key) -> IngestEndpoints.of(host, ports, name, key), seal);
        });
        channelObserver = new Once<>(() -> new ChannelObserver(documents()));
        channelAutomation = new Once<>(() -> new ChannelAutomation(channels(), channelObserver(), archive(), p.clock()));
        archive = new Once<>(() -> new ArchiveService(documents(), channels(), p.events(), eventFactory(), p.clock()));
        retention = new Once<>(() -> new RetentionSweep(p.media(), archive(), channels(), p.clock()));
        locators = new Once<>(() -> new LocatorService(documents(), archive(), new SecureRandom(), p.clock(), streamingKeys(),
                s.getDuration(Setting.LIVEPIPE_STREAMING_FRESHNESS, Duration.ZERO, LocatorService.MAX_FRESHNESS)));
        assetDeletion = new Once<>(() -> new AssetDeletion(archive(), locators(), streamingKeys()));
        // the key store opens on first use: a clear-only platform runs without protection settings
        keyGrants = new KeyGrants(p.clock());
        streamingKeys = new Once<>(() -> new ProtectedStreamingKeys(documents(), this::contentKeys, this::contentKeyPolicies, keyGrants));
        streaming = new Once<>(() -> new StreamingService(locators(), archive(), p.media(), p.clock(), streamingKeys(), publicBaseUrl()));
        previewTokens = new Once<>(() -> s.isSet(Setting.LIVEPIPE_PREVIEW_KEY)
                ? new PreviewTokens(java.util.Base64.getDecoder().decode(s.get(Setting.LIVEPIPE_PREVIEW_KEY)), p.clock())
                : new PreviewTokens(ProcessPreviewKey.KEY, p.clock()));
        signingKeys = new Once<>(() -> ProtectionSettings.signingKeys(s));
        contentKeys = new Once<>(() -> new ContentKeyStore(documents(), ProtectionSettings.keyEncryptionKey(s), new SecureRandom(), p.clock()));
        contentKeyPolicies = new Once<>(() -> new ContentKeyPolicyService(documents(), signingKeys(), p.clock(), keyGrants));
        tokenIssuer = new Once<>(() -> new PlaybackTokenIssuer(signingKeys(), s.get(Setting.LIVEPIPE_TOKEN_ISSUER),
                s.get(Setting.LIVEPIPE_TOKEN_AUDIENCE), p.clock(), new SecureRandom()));
        tokenVerifier = new Once<>(() -> new PlaybackTokenVerifier(p.clock()));
        playbackTokens = new Once<>(() -> new PlaybackTokens(locators(), contentKeys(), tokenIssuer()));
        keyAuthorizer = new Once<>(() -> new KeyAuthorizer(locators(), contentKeyPolicies(), contentKeys(), tokenVerifier(), keyGrants));
        licenses = new Once<>(() -> new LicenseService(locators(), keyAuthorizer(), contentKeys(), Map.of(
                "widevine", s.get(Setting.LIVEPIPE_WIDEVINE_LICENSE_URL), "playready", s.get(Setting.LIVEPIPE_PLAYREADY_LICENSE_URL),
                "fairplay", s.get(Setting.LIVEPIPE_FAIRPLAY_LICENSE_URL))));
        cpix = new Once<>(() -> new CpixService(archive(), contentKeys(), new SecureRandom()));
        arm = new Once<>(() -> new ArmApi(channels(), archive(), locators(), assetDeletion(), documents(),
                () -> s.isSet(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY) ? ProtectionSettings.keyEncryptionKey(s) : SecretSeal.NONE,
                ArmBearer.from(s), new ArmContentKeyPolicies(this::contentKeyPolicies, this::contentKeys), amsAccount(s),
                streamingHostName(s), p.clock()));
    }

    public Platform platform() { return platform; }

    public JsonDocuments documents() { return documents.get(); }

    public EventFactory eventFactory() { return eventFactory.get(); }

    public ChannelService channels() { return channels.get(); }

    public ChannelObserver channelObserver() { return channelObserver.get(); }

    /** Programs started and stopped by channel events and the reconnect-window watch. */
    public ChannelAutomation channelAutomation() { return channelAutomation.get(); }

    public ArchiveService archive() { return archive.get(); }

    public RetentionSweep retention() { return retention.get(); }

    public LocatorService locators() { return locators.get(); }

    /** Deletes an asset with its locators and content keys. */
    public AssetDeletion assetDeletion() { return assetDeletion.get(); }

    /** Content keys as the streaming endpoint sees them; the key store opens on first use. */
    public StreamingKeys streamingKeys() { return streamingKeys.get(); }

    public StreamingService streaming() { return streaming.get(); }

    /** Preview tokens signed with LIVEPIPE_PREVIEW_KEY, or a key made once per process when it is unset. */
    public PreviewTokens previewTokens() { return previewTokens.get(); }

    /** The token signing keys of LIVEPIPE_TOKEN_SIGNING_KEYS; unset or malformed: IllegalStateException naming it. */
    public SigningKeys signingKeys() { return signingKeys.get(); }

    /** Each asset's content keys, wrapped under LIVEPIPE_KEY_ENCRYPTION_KEY (unset: IllegalStateException naming it). */
    public ContentKeyStore contentKeys() { return contentKeys.get(); }

    public ContentKeyPolicyService contentKeyPolicies() { return contentKeyPolicies.get(); }

    /** Issues playback JWTs with the first signing key, LIVEPIPE_TOKEN_ISSUER and LIVEPIPE_TOKEN_AUDIENCE. */
    public PlaybackTokenIssuer tokenIssuer() { return tokenIssuer.get(); }

    public PlaybackTokenVerifier tokenVerifier() { return tokenVerifier.get(); }

    /** Tokens for a locator, optionally bound to its asset's key (the Tokens function's service). */
    public PlaybackTokens playbackTokens() { return playbackTokens.get(); }

    /** The gate of key delivery and licenses: locator + policy + token + key id to a content key. */
    public KeyAuthorizer keyAuthorizer() { return keyAuthorizer.get(); }

    /** Key delivery, ClearKey licenses and the DRM license proxy (upstreams: LIVEPIPE_*_LICENSE_URL). */
    public LicenseService licenses() { return licenses.get(); }

    public CpixService cpix() { return cpix.get(); }

    /** The Azure Media Services v3 (ARM) face over these services. */
    public ArmApi arm() { return arm.get(); }

    /** The Media Services account livepipe stands in for (LIVEPIPE_AMS_*; empty fields: any). */
    public static ArmApi.Account amsAccount(Settings s) {
        return new ArmApi.Account(s.get(Setting.LIVEPIPE_AMS_SUBSCRIPTION_ID), s.get(Setting.LIVEPIPE_AMS_RESOURCE_GROUP),
                s.get(Setting.LIVEPIPE_AMS_ACCOUNT_NAME));
    }

    /** The default streaming endpoint's hostName: LIVEPIPE_STREAMING_HOST_NAME, else the public host with the HTTPS port (when on) or the HTTP port. */
    static String streamingHostName(Settings s) {
        if (s.isSet(Setting.LIVEPIPE_STREAMING_HOST_NAME)) return s.get(Setting.LIVEPIPE_STREAMING_HOST_NAME);
        String port = s.isSet(Setting.LIVEPIPE_HTTPS_PORT) ? s.get(Setting.LIVEPIPE_HTTPS_PORT) : s.get(Setting.LIVEPIPE_HTTP_PORT);
        return s.get(Setting.LIVEPIPE_PUBLIC_HOST) + ":" + port;
    }

    /** Where players reach this platform's routes (key delivery, licenses, previews): LIVEPIPE_PUBLIC_BASE_URL, else http://LIVEPIPE_PUBLIC_HOST:LIVEPIPE_HTTP_PORT. */
    public String publicBaseUrl() {
        Settings s = platform.settings();
        if (s.isSet(Setting.LIVEPIPE_PUBLIC_BASE_URL)) {
            String url = s.get(Setting.LIVEPIPE_PUBLIC_BASE_URL);
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return "http://" + s.get(Setting.LIVEPIPE_PUBLIC_HOST) + ":" + s.get(Setting.LIVEPIPE_HTTP_PORT);
    }

    /** The ingest and preview URLs of a channel with a placeholder where the key goes. */
    public IngestEndpoints endpointsWithoutKey(String channel) {
        Settings s = platform.settings();
        return IngestEndpoints.of(s.get(Setting.LIVEPIPE_PUBLIC_HOST), ingestPorts(s), channel, "{streamKey}");
    }

    /** The ports of the ingest URLs: push ingest's is LIVEPIPE_PUSH_INGEST_PORT, else LIVEPIPE_HTTP_PORT; SRT's is off or LIVEPIPE_SRT_PORT. */
    static IngestEndpoints.Ports ingestPorts(Settings s) {
        int http = s.getInt(Setting.LIVEPIPE_HTTP_PORT);
        int push = s.isSet(Setting.LIVEPIPE_PUSH_INGEST_PORT) ? s.getInt(Setting.LIVEPIPE_PUSH_INGEST_PORT) : http;
        return new IngestEndpoints.Ports(s.getInt(Setting.LIVEPIPE_RTMP_PORT), s.getInt(Setting.LIVEPIPE_RTMPS_PORT),
                IngestEndpoints.srtPort(s.get(Setting.LIVEPIPE_SRT_PORT)), push, http);
    }

    /** A value made by its supplier on first use, once, however many threads ask at once; a failed make is tried again next time. */
    private static final class Once<T> {
        private final Supplier<T> make;
        private volatile T value;

        Once(Supplier<T> make) { this.make = make; }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) value = v = make.get();
                }
            }
            return v;
        }
    }

    /** A random preview key for this process, made on first use (nextBytes: generateSeed may block on entropy). */
    private static final class ProcessPreviewKey {
        static final byte[] KEY = new byte[32];

        static {
            new SecureRandom().nextBytes(KEY);
        }
    }
}
