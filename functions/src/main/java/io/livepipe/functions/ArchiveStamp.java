package io.livepipe.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.livepipe.archive.ArchiveService;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventJson;
import io.livepipe.platform.ServiceGraph;

/**
 * Event Grid trigger on {@code Microsoft.Storage.BlobCreated} for the media container's
 * segments: stamps each into the assets of the programs recording its channel. Idempotent; an
 * exception makes Event Grid retry.
 */
public final class ArchiveStamp {
    private final ArchiveService archive;

    public ArchiveStamp() { this(FunctionsPlatform.services()); }

    public ArchiveStamp(ServiceGraph services) { this.archive = services.archive(); }

    @FunctionName("ArchiveStamp")
    public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        EventGridEvent e = EventJson.parse(event);
        int changed = archive.stamp(e);
        context.getLogger().fine(() -> "event=archive_stamp subject=" + e.subject() + " assetsChanged=" + changed);
    }
}
