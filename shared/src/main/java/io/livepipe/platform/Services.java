package io.livepipe.platform;

import io.livepipe.archive.ArchiveService;
import io.livepipe.channel.ChannelService;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.events.EventFactory;
import io.livepipe.protection.ContentKeyPolicyService;
import io.livepipe.protection.ContentKeyStore;
import io.livepipe.protection.KeyAuthorizer;
import io.livepipe.protection.LicenseService;
import io.livepipe.protection.PlaybackTokens;
import io.livepipe.protection.cpix.CpixService;
import io.livepipe.streaming.AssetDeletion;
import io.livepipe.streaming.LocatorService;
import io.livepipe.streaming.PreviewTokens;
import io.livepipe.streaming.StreamingKeys;
import io.livepipe.streaming.StreamingService;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.SigningKeys;

/**
 * One service of {@code shared} from a {@link Platform}, freshly wired by a {@link ServiceGraph}
 * of its own: for a caller that needs one service once (the encoder service, tests). Whatever
 * lives as long as the process and shares caches holds one {@link ServiceGraph} instead.
 */
public final class Services {
    private Services() { }

    public static EventFactory eventFactory(Platform p) { return new ServiceGraph(p).eventFactory(); }

    public static ChannelService channels(Platform p) { return new ServiceGraph(p).channels(); }

    public static ArchiveService archive(Platform p) { return new ServiceGraph(p).archive(); }

    public static LocatorService locators(Platform p) { return new ServiceGraph(p).locators(); }

    public static AssetDeletion assetDeletion(Platform p) { return new ServiceGraph(p).assetDeletion(); }

    public static StreamingKeys streamingKeys(Platform p) { return new ServiceGraph(p).streamingKeys(); }

    public static StreamingService streaming(Platform p) { return new ServiceGraph(p).streaming(); }

    public static String publicBaseUrl(Platform p) { return new ServiceGraph(p).publicBaseUrl(); }

    public static PreviewTokens previewTokens(Platform p) { return new ServiceGraph(p).previewTokens(); }

    public static SigningKeys signingKeys(Platform p) { return new ServiceGraph(p).signingKeys(); }

    public static ContentKeyStore contentKeys(Platform p) { return new ServiceGraph(p).contentKeys(); }

    public static ContentKeyPolicyService contentKeyPolicies(Platform p) { return new ServiceGraph(p).contentKeyPolicies(); }

    public static PlaybackTokenIssuer tokenIssuer(Platform p) { return new ServiceGraph(p).tokenIssuer(); }

    public static PlaybackTokenVerifier tokenVerifier(Platform p) { return new ServiceGraph(p).tokenVerifier(); }

    public static PlaybackTokens playbackTokens(Platform p) { return new ServiceGraph(p).playbackTokens(); }

    public static KeyAuthorizer keyAuthorizer(Platform p) { return new ServiceGraph(p).keyAuthorizer(); }

    public static LicenseService licenses(Platform p) { return new ServiceGraph(p).licenses(); }

    public static CpixService cpix(Platform p) { return new ServiceGraph(p).cpix(); }

    public static IngestEndpoints endpointsWithoutKey(Platform p, String channel) { return new ServiceGraph(p).endpointsWithoutKey(channel); }
}
