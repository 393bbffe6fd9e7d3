package io.livepipe.events;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import java.util.List;

/**
 * Publishes to an Event Grid custom topic through the Event Grid SDK's
 * {@code EventGridPublisherClient}, authenticated by a topic key or an Entra ID credential
 * (the EventGrid Data Sender role). Our envelopes are handed to the SDK as their JSON, so what
 * goes on the wire is exactly what {@link EventJson} writes and tests check.
 */
public final class EventGridTopicPublisher implements EventPublisher {
    /** Event Grid takes at most 1 MB per request; we send in batches well below that. */
    static final int MAX_BATCH = 100;

    private final EventGridPublisherClient<com.azure.messaging.eventgrid.EventGridEvent> client;

    private EventGridTopicPublisher(EventGridPublisherClient<com.azure.messaging.eventgrid.EventGridEvent> client) {
        this.client = client;
    }

    public static EventGridTopicPublisher withKey(String endpoint, String key) {
        return new EventGridTopicPublisher(new EventGridPublisherClientBuilder()
                .endpoint(endpoint).credential(new AzureKeyCredential(key)).buildEventGridEventPublisherClient());
    }

    /** With a given HTTP transport (tests observe what the SDK sends without a network). */
    static EventGridTopicPublisher withKey(String endpoint, String key, com.azure.core.http.HttpClient transport) {
        return new EventGridTopicPublisher(new EventGridPublisherClientBuilder().httpClient(transport)
                .endpoint(endpoint).credential(new AzureKeyCredential(key)).buildEventGridEventPublisherClient());
    }

    public static EventGridTopicPublisher withCredential(String endpoint, TokenCredential credential) {
        return new EventGridTopicPublisher(new EventGridPublisherClientBuilder()
                .endpoint(endpoint).credential(credential).buildEventGridEventPublisherClient());
    }

    @Override
    public void publish(List<EventGridEvent> events) {
        for (int i = 0; i < events.size(); i += MAX_BATCH) {
            List<EventGridEvent> batch = events.subList(i, Math.min(events.size(), i + MAX_BATCH));
            client.sendEvents(com.azure.messaging.eventgrid.EventGridEvent.fromString(EventJson.toJsonArray(batch)));
        }
    }
}
