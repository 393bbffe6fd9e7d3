package io.livepipe.functions;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventGridTopicPublisher;
import io.livepipe.events.EventPublisher;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.platform.Stores;
import io.livepipe.protection.ProtectionSettings;
import java.time.Clock;

/**
 * The {@link Platform} of a function app in Azure and its {@link ServiceGraph}, built once per
 * worker process from its app settings. The Java worker creates function instances through their
 * no-argument constructors (as often as it likes: per invocation, unless an instance injector
 * says otherwise), so this holder is the one place where the stores, caches, key stores and token
 * verifiers live and are shared between them; the local host and tests pass a graph of their own.
 */
public final class FunctionsPlatform {
    private FunctionsPlatform() { }

    private static final class Holder {
        static final Platform INSTANCE = fromSettings(Settings.from(System.getenv()));
        static final ServiceGraph SERVICES = new ServiceGraph(INSTANCE);
    }

    public static Platform get() { return Holder.INSTANCE; }

    /** The process's services, built on first use and shared by every function instance. */
    public static ServiceGraph services() { return Holder.SERVICES; }

    static Platform fromSettings(Settings s) {
        EventPublisher events;
        String backend = s.get(Setting.LIVEPIPE_EVENTS);
        if (backend.equals("eventgrid")) {
            String endpoint = s.get(Setting.LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT);
            events = s.isSet(Setting.LIVEPIPE_EVENTGRID_TOPIC_KEY)
                    ? EventGridTopicPublisher.withKey(endpoint, s.get(Setting.LIVEPIPE_EVENTGRID_TOPIC_KEY))
                    : EventGridTopicPublisher.withCredential(endpoint, new DefaultAzureCredentialBuilder().build());
        } else {
            throw new IllegalStateException("in Azure, LIVEPIPE_EVENTS must be eventgrid (in-process delivery is the local host's)");
        }
        // several instances must agree on these secrets: unset is a startup error naming the setting
        ProtectionSettings.requireConfigured(s);
        Stores stores = Stores.open(s, EventPublisher.none());
        return new Platform(s, stores.media(), stores.state(), events, backend, Clock.systemUTC());
    }
}
