package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.livepipe.archive.ChannelAutomation;
import io.livepipe.archive.RetentionSweep;
import io.livepipe.platform.ServiceGraph;

/**
 * Timer-triggered upkeep: {@code ChannelWatch} stops programs whose encoder stayed away longer
 * than the channel's reconnect window; {@code RetentionSweep} deletes unreferenced segments
 * older than the preview window.
 */
public final class Maintenance {
    private final ChannelAutomation automation;
    private final RetentionSweep retention;

    public Maintenance() { this(FunctionsPlatform.services()); }

    public Maintenance(ServiceGraph services) {
        this.automation = services.channelAutomation();
        this.retention = services.retention();
    }

    @FunctionName("ChannelWatch")
    public void watch(@TimerTrigger(name = "timer", schedule = "*/15 * * * * *") String timer, ExecutionContext context) {
        var stopped = automation.watch();
        if (!stopped.isEmpty()) context.getLogger().info(() -> "event=programs_stopped_after_reconnect_window programs=" + stopped);
    }

    @FunctionName("RetentionSweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timer, ExecutionContext context) {
        int deleted = retention.sweep();
        context.getLogger().info(() -> "event=retention_sweep deleted=" + deleted);
    }
}
