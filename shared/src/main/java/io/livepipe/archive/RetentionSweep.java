package io.livepipe.archive;

import io.livepipe.channel.Channel;
import io.livepipe.channel.ChannelService;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.Condition;
import io.livepipe.storage.PreconditionFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Deletes segments that no asset references once they are older than the preview window. The
 * init segments of a running channel's current run are kept (its preview needs them). A delete
 * is conditional on the ETag listed, so a segment rewritten meanwhile is left alone. What is
 * referenced is gathered from every asset, page by page of the store's listing, before anything
 * is deleted: a failure to read any asset ends the sweep having deleted nothing.
 */
public final class RetentionSweep {
    public static final Duration PREVIEW_WINDOW = Duration.ofMinutes(2);

    private final BlobStore media;
    private final ArchiveService archive;
    private final ChannelService channels;
    private final Clock clock;

    public RetentionSweep(BlobStore media, ArchiveService archive, ChannelService channels, Clock clock) {
        this.media = media;
        this.archive = archive;
        this.channels = channels;
        this.clock = clock;
    }

    /** Returns how many blobs were deleted. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(PREVIEW_WINDOW);
        Set<String> referenced = new HashSet<>();
        archive.forEachAsset(a -> {
            for (Asset.Timeline t : a.renditions().values()) {
                referenced.addAll(t.initByRun().values());
                for (Asset.Entry e : t.segments()) referenced.add(e.path());
            }
        });
        Set<String> liveRuns = new HashSet<>();
        for (Channel c : channels.list()) if (c.runId() != null) liveRuns.add(StorageLayout.run(c.name(), c.runId()));
        int deleted = 0;
        for (BlobProperties p : media.list(StorageLayout.CHANNELS)) {
            if (!p.lastModified().isBefore(cutoff) || referenced.contains(p.path())) continue;
            SegmentName n = SegmentName.parse(p.path()).orElse(null);
            if (n == null) continue;
            if (n.init() && liveRuns.contains(StorageLayout.run(n.channel(), n.runId()))) continue;
            try {
                if (media.delete(p.path(), Condition.ifMatch(p.etag()))) deleted++;
            } catch (PreconditionFailedException changed) {
                // rewritten since listed: keep it
            }
        }
        return deleted;
    }
}
