package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.livepipe.channel.ChannelObserver;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.platform.Platform;
import io.livepipe.storage.JsonDocuments;

/**
 * Event Grid trigger for channel events (Media Services types and {@code Livepipe.*}): keeps
 * each channel's observed state and recent events. Idempotent under duplicate and unordered
 * delivery; an exception makes Event Grid retry.
 */
public final class ChannelEvents {
    private final ChannelObserver observer;

    public ChannelEvents() { this(FunctionsPlatform.get()); }

    public ChannelEvents(Platform platform) {
        this.observer = new ChannelObserver(new JsonDocuments(platform.state()));
    }

    @FunctionName("ChannelEvents")
    public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        EventGridEvent e = EventJson.parse(event);
        boolean kept = observer.apply(e);
        context.getLogger().fine(() -> "event=channel_event type=" + e.eventType() + " subject=" + e.subject() + " kept=" + kept);
    }
}
