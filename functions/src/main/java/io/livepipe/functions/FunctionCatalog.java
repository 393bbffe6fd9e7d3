package io.livepipe.functions;

import java.util.List;

/**
 * Every function class of the app. The local host instantiates these once each with its
 * {@link io.livepipe.platform.ServiceGraph}; a test checks that {@code mvn package} wrote a
 * {@code function.json} for each of their {@code @FunctionName} methods and no other.
 */
public final class FunctionCatalog {
    private FunctionCatalog() { }

    public static List<Class<?>> classes() {
        return List.of(Health.class, Channels.class, ChannelEvents.class, Programs.class, Assets.class, ArchiveStamp.class, Maintenance.class, Locators.class, StreamingEndpoint.class, Preview.class,
                ContentKeyPolicies.class, Tokens.class, Jwks.class, AssetsCpix.class, KeyDelivery.class, Licenses.class, Time.class,
                MediaServicesArm.class);
    }
}
