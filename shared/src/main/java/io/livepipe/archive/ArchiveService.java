package io.livepipe.archive;

import io.livepipe.channel.ChannelName;
import io.livepipe.channel.ChannelService;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventGridEvent;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.livepipe.ProgramChanged;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.http.Refusal;
import io.livepipe.storage.BlobCreatedEvents;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.ListPage;
import io.livepipe.storage.PreconditionFailedException;
import io.livepipe.storage.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Programs and assets: starting a program creates its asset (live); stopping it seals the asset
 * as video on demand. {@link #stamp} places a segment, from its BlobCreated event alone, into
 * the asset of every program of that channel that was recording when the segment was created —
 * idempotent, order-tolerant, one conditional write of one timeline chunk per asset changed
 * ({@link TimelineStore}): the asset's own document is a small header that stamping never
 * rewrites, so a stamp costs the same at a one-minute window as at a 25-hour one.
 */
public final class ArchiveService {
    /** Programs per channel; assets the API lists (a decision on every asset pages with {@link #forEachAsset}). */
    public static final int MAX_PROGRAMS_PER_CHANNEL = 100;
    public static final int MAX_ASSETS = 10_000;
    /** Assets per page of the store's listing in {@link #forEachAsset}. */
    public static final int LIST_PAGE = 1000;
    /** Conditional deletes of an asset that keeps changing (late stamps) before giving up. */
    static final int DELETE_ATTEMPTS = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");

    private final JsonDocuments docs;
    /** Asset headers as last parsed, re-read whenever their ETag changes. */
    private final DocumentCache<Asset> assets;
    private final TimelineStore timelines;
    static final int ASSET_CACHE = 32;
    private final ChannelService channels;
    private final EventPublisher events;
    private final EventFactory factory;
    private final Clock clock;
    private final int listPage;

    public ArchiveService(JsonDocuments docs, ChannelService channels, EventPublisher events, EventFactory factory, Clock clock) {
        this(docs, channels, events, factory, clock, LIST_PAGE);
    }

    /** {@code listPage}: assets per page of the store's listing when every asset is visited. */
    public ArchiveService(JsonDocuments docs, ChannelService channels, EventPublisher events, EventFactory factory, Clock clock,
                          int listPage) {
        if (listPage < 1) throw new IllegalArgumentException("listPage must be at least 1");
        this.listPage = listPage;
        this.docs = docs;
        this.assets = new DocumentCache<>(docs, Asset.class, ASSET_CACHE);
        this.timelines = new TimelineStore(docs);
        this.channels = channels;
        this.events = events;
        this.factory = factory;
        this.clock = clock;
    }

    static String programPath(String channel, String name) { return StorageLayout.program(channel, name); }

    static String assetPath(String name) { return StorageLayout.asset(name); }

    private static String requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Refusal(Refusal.Reason.BAD_REQUEST, what + " must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    public Program start(String channel, String name, String assetName, Duration window) {
        if (!ChannelName.isValid(channel) || channels.findByName(channel).isEmpty()) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "no channel " + channel);
        }
        requireName("program name", name);
        String asset = requireName("asset name", assetName == null ? channel + "-" + name : assetName);
        Duration w = window == null ? Duration.ofHours(1) : window;
        if (w.compareTo(Program.MIN_WINDOW) < 0 || w.compareTo(Program.MAX_WINDOW) > 0) {
            throw new Refusal(Refusal.Reason.BAD_REQUEST, "archiveWindow must be between PT1M and PT25H");
        }
        if (docs.store().list(StorageLayout.programsOf(channel)).size() >= MAX_PROGRAMS_PER_CHANNEL) {
            throw new Refusal(Refusal.Reason.CONFLICT, "at most " + MAX_PROGRAMS_PER_CHANNEL + " programs per channel");
        }
        Instant now = clock.instant();
        try {
            docs.create(assetPath(asset), new Asset(asset, channel, name, w, Asset.LIVE, now, null, Map.of()));
        } catch (PreconditionFailedException e) {
            throw new Refusal(Refusal.Reason.CONFLICT, "asset " + asset + " exists");
        }
        Program p = new Program(channel, name, asset, w, Program.RUNNING, now, null);
        try {
            docs.create(programPath(channel, name), p);
        } catch (PreconditionFailedException e) {
            docs.store().delete(assetPath(asset), io.livepipe.storage.Condition.none());
            throw new Refusal(Refusal.Reason.CONFLICT, "program " + name + " exists on " + channel);
        }
        publish(LivepipeEventTypes.PROGRAM_STARTED, p);
        return p;
    }

    public List<Program> programs(String channel) {
        List<Program> out = new ArrayList<>();
        if (!ChannelName.isValid(channel)) return out;
        for (BlobProperties b : docs.store().list(StorageLayout.programsOf(channel))) {
            docs.read(b.path(), Program.class).ifPresent(v -> out.add(v.value()));
        }
        return out;
    }

    public Program program(String channel, String name) {
        if (!ChannelName.isValid(channel)) throw notFound("program " + name);
        requireName("program name", name);
        return docs.read(programPath(channel, name), Program.class).map(Versioned::value)
                .orElseThrow(() -> notFound("program " + name + " on " + channel));
    }

    /** Stops the program and seals its asset as VOD. Stopping a stopped program changes nothing. */
    public Program stop(String channel, String name) {
        program(channel, name);
        Instant now = clock.instant();
        Program p = docs.update(programPath(channel, name), Program.class,
                cur -> cur.map(c -> c.state().equals(Program.RUNNING) ? c.stop(now) : c).orElseThrow(() -> notFound(name)));
        boolean[] sealedNow = {false};
        docs.update(assetPath(p.assetName()), Asset.class, cur -> cur.map(a -> {
            if (a.state().equals(Asset.VOD)) return a;
            sealedNow[0] = true;
            return new Asset(a.name(), a.channel(), a.program(), a.archiveWindow(), Asset.VOD, a.created(), p.stopped(), a.renditions());
        }).orElseThrow(() -> notFound("asset " + p.assetName())));
        if (sealedNow[0]) {
            publish(LivepipeEventTypes.PROGRAM_STOPPED, p);
            publish(LivepipeEventTypes.ASSET_SEALED, p);
        }
        return p;
    }

    public void deleteProgram(String channel, String name) {
        Versioned<Program> v = docs.read(programPath(channel, program(channel, name).name()), Program.class)
                .orElseThrow(() -> notFound(name));
        if (v.value().state().equals(Program.RUNNING)) throw new Refusal(Refusal.Reason.CONFLICT, "stop the program first");
        if (!docs.delete(programPath(channel, name), v.etag())) throw new Refusal(Refusal.Reason.CONFLICT, "program changed; retry");
    }

    public List<Asset> assets() {
        List<Asset> out = new ArrayList<>();
        for (BlobProperties b : docs.store().list(StorageLayout.ASSETS)) {
            if (out.size() >= MAX_ASSETS) break;
            docs.read(b.path(), Asset.class).ifPresent(v -> out.add(timelines.read(v)));
        }
        return out;
    }

    /**
     * Visits every asset, paging through the store's whole listing (never a capped view: the
     * retention sweep decides on what every asset references). An asset deleted between the
     * listing and its read is skipped, as it references nothing any more.
     */
    public void forEachAsset(Consumer<Asset> visit) {
        String continuation = null;
        do {
            ListPage page = docs.store().listPage(StorageLayout.ASSETS, continuation, listPage);
            for (BlobProperties b : page.blobs()) docs.read(b.path(), Asset.class).ifPresent(v -> visit.accept(timelines.read(v)));
            continuation = page.continuation();
        } while (continuation != null);
    }

    public Asset asset(String name) {
        return findAsset(name).orElseThrow(() -> notFound("asset " + name));
    }

    /** The asset of that name as it is now, or empty; a name that cannot be an asset's is 400. */
    public Optional<Asset> findAsset(String name) {
        return findAssetVersioned(name).map(Versioned::value);
    }

    /**
     * As {@link #findAsset}, with a version that changes whenever the asset does (its header's
     * ETag and its timeline chunks' paths and ETags): what a cache of anything derived from the
     * asset keys on.
     */
    public Optional<Versioned<Asset>> findAssetVersioned(String name) {
        requireName("asset name", name);
        return assets.readVersioned(assetPath(name)).map(timelines::readVersioned);
    }

    /**
     * Deletes the asset's document, If-Match the ETag it was read at (a stamp landing meanwhile
     * is read again, so the decision is on the asset as it is); 409 while its program records.
     * Idempotent: false when there was no such asset. Its locators and keys are deleted by
     * {@code streaming.AssetDeletion}, which calls this first.
     */
    public boolean deleteAsset(String name) {
        requireName("asset name", name);
        for (int attempt = 1; ; attempt++) {
            Optional<Versioned<Asset>> v = docs.read(assetPath(name), Asset.class);
            if (v.isEmpty()) return false;
            Asset a = v.get().value();
            Optional<Program> p = docs.read(programPath(a.channel(), a.program()), Program.class).map(Versioned::value);
            if (p.isPresent() && p.get().state().equals(Program.RUNNING) && p.get().assetName().equals(name)) {
                throw new Refusal(Refusal.Reason.CONFLICT, "asset " + name + " is being recorded; stop its program first");
            }
            if (docs.delete(assetPath(name), v.get().etag())) {
                timelines.delete(a);
                return true;
            }
            if (attempt >= DELETE_ATTEMPTS) throw new Refusal(Refusal.Reason.CONFLICT, "asset " + name + " keeps changing; retry");
        }
    }

    /**
     * ArchiveStamp: the segment a BlobCreated event names goes into the asset of each program of
     * its channel that recorded at the segment's creation time. Returns how many assets changed.
     */
    public int stamp(EventGridEvent blobCreated) {
        Optional<BlobCreatedEvents.BlobRef> ref = BlobCreatedEvents.parse(blobCreated);
        if (ref.isEmpty()) return 0;
        Optional<SegmentName> name = SegmentName.parse(ref.get().path());
        if (name.isEmpty()) return 0;
        SegmentName n = name.get();
        // Init segments need no stamp: each segment names its own, and the timeline lists it from there.
        if (n.init()) return 0;
        Instant created = blobCreated.eventTime();
        int changed = 0;
        for (Program p : programs(n.channel())) {
            if (!p.records(created)) continue;
            Optional<Asset> header = assets.read(assetPath(p.assetName()));
            if (header.isEmpty()) continue; // the asset was deleted: nothing to stamp into
            if (timelines.stamp(header.get(), n, created, Math.max(0, ref.get().contentLength()))) changed++;
        }
        return changed;
    }

    /**
     * Stamps again every segment of every channel with a running program, from the media
     * store's listing: after a crash of a process that delivered events in memory, the
     * BlobCreated events it had not delivered yet are recovered. Stamping is idempotent, and an
     * entry's creation time is the blob's, as the event's was. Returns the assets changed.
     */
    public int reconcile(BlobStore media, String mediaContainer) {
        int changed = 0;
        for (BlobProperties c : docs.store().list(StorageLayout.PROGRAMS)) {
            Program p = docs.read(c.path(), Program.class).map(Versioned::value).orElse(null);
            if (p == null || !p.state().equals(Program.RUNNING)) continue;
            for (BlobProperties b : media.list(StorageLayout.runsOf(p.channel()))) {
                if (!p.records(b.lastModified())) continue;
                changed += stamp(BlobCreatedEvents.create("reconcile", mediaContainer, b.path(), b, 0, b.lastModified()));
            }
        }
        return changed;
    }

    private static Refusal notFound(String what) { return new Refusal(Refusal.Reason.NOT_FOUND, "no " + what); }

    private void publish(String type, Program p) {
        events.publish(factory.create(MediaEventTypes.subject(p.channel()), type,
                new ProgramChanged(p.channel(), p.name(), p.assetName(), p.state(), p.started(), p.stopped())));
    }
}
