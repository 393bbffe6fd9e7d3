package io.livepipe.events;

import java.util.List;

/** The event subscriptions of the Functions app, by function name. */
public final class EventSubscriptions {
    /** Channel events (Media Services types) and livepipe's own, from the custom topic. */
    public static final EventSubscription CHANNEL_EVENTS = new EventSubscription(
            "ChannelEvents", List.of("Microsoft.Media.", "Livepipe."), "");

    private EventSubscriptions() { }

    /** Segments and init segments written to the media container. */
    public static EventSubscription archiveStamp(String mediaContainer) {
        return new EventSubscription("ArchiveStamp", List.of("Microsoft.Storage.BlobCreated"),
                "/blobServices/default/containers/" + mediaContainer + "/blobs/channels/");
    }

    public static List<EventSubscription> all(String mediaContainer) {
        return List.of(CHANNEL_EVENTS, archiveStamp(mediaContainer));
    }
}
