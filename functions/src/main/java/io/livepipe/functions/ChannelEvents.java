package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.livepipe.archive.ChannelAutomation;
import io.livepipe.channel.ChannelObserver;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.platform.ServiceGraph;

/**
 * Event Grid trigger for channel events (Media Services types and {@code Livepipe.*}): keeps
 * each channel's observed state and recent events, and starts a program when an encoder
 * connects to an {@code autoRecord} channel. Idempotent under duplicate and unordered
 * delivery; an exception makes Event Grid retry.
 */
public final class ChannelEvents {
    private final ChannelObserver observer;
    private final ChannelAutomation automation;

    public ChannelEvents() { this(FunctionsPlatform.services()); }

    public ChannelEvents(ServiceGraph services) {
        this.observer = services.channelObserver();
        this.automation = services.channelAutomation();
    }

    @FunctionName("ChannelEvents")
    public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        EventGridEvent e = EventJson.parse(event);
        boolean kept = observer.apply(e);
        automation.onEvent(e);
        context.getLogger().fine(() -> "event=channel_event type=" + e.eventType() + " subject=" + e.subject() + " kept=" + kept);
    }
}
