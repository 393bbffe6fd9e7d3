package io.livepipe.streaming;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.Versioned;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Streaming locators: create (publish an asset), read, list, delete (unpublish). A locator is
 * bound to the generation of its asset it was made for: once that asset is deleted — even if
 * another is recorded under its name — the locator is not found, whether or not its document
 * is still there (a create racing the asset's delete may leave one; the next delete of that
 * asset name removes it).
 */
public final class LocatorService {
    public static final String PREFIX = "locators/";
    public static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    public static final int MAX_LOCATORS = 10_000;
    /** The longest window a locator or a clip query may name, in seconds (past any archive window). */
    public static final double MAX_SECONDS = 1e7;
    /** The longest freshness window {@link #publishedRecently} may be given. */
    public static final Duration MAX_FRESHNESS = RecentlyPublished.MAX_WINDOW;

    private final JsonDocuments docs;
    private final ArchiveService archive;
    private final SecureRandom random;
    private final Clock clock;
    private final StreamingKeys keys;
    /** Locators as last parsed, re-read whenever their ETag changes (every segment request looks one up). */
    private final DocumentCache<Locator> cache;
    /** What {@link #published} found lately, answered again within the freshness window ({@link #publishedRecently}). */
    private final RecentlyPublished recent;

    /** A locator that serves, and the generation of its asset it serves. */
    /** A locator and its asset as they are now; {@code version} changes whenever either does (their ETags). */
    public record Published(Locator locator, Asset asset, String version) { }

    public LocatorService(JsonDocuments docs, ArchiveService archive, SecureRandom random, Clock clock, StreamingKeys keys) {
        this(docs, archive, random, clock, keys, Duration.ZERO);
    }

    /**
     * As above; {@code freshness} (LIVEPIPE_STREAMING_FRESHNESS) is how long {@link #publishedRecently}
     * may answer from what it read before instead of reading the locator, the asset and its timeline again.
     */
    public LocatorService(JsonDocuments docs, ArchiveService archive, SecureRandom random, Clock clock, StreamingKeys keys,
                          Duration freshness) {
        this.recent = new RecentlyPublished(this::published, freshness, System::nanoTime);
        this.keys = keys;
        this.docs = docs;
        this.cache = new DocumentCache<>(docs, Locator.class, MAX_LOCATORS);
        this.archive = archive;
        this.random = random;
        this.clock = clock;
    }

    public Locator create(LocatorRequest r) {
        if (r.assetName() == null) throw Refusal.badRequest("assetName is required");
        Asset asset = currentAsset(r.assetName()).map(Versioned::value).orElseThrow(() -> Refusal.notFound("no asset " + r.assetName()));
        String policy = r.streamingPolicy() == null ? "clear" : r.streamingPolicy();
        Protection.Scheme scheme = Protection.Scheme.ofPolicy(policy);
        Double start = r.startTime();
        Double end = r.endTime();
        checkWindow(start, end);
        if (docs.store().list(PREFIX).size() >= MAX_LOCATORS) throw Refusal.conflict("too many locators");
        keys.prepare(asset, scheme, r.contentKeyPolicyName(), r.keyPerTrackType());
        byte[] id = new byte[16];
        random.nextBytes(id);
        Locator l = new Locator(HexFormat.of().formatHex(id), r.assetName(), policy, start, end, clock.instant(),
                r.contentKeyPolicyName(), asset.created());
        docs.create(path(l.id()), l);
        if (!sameGeneration(l, currentAsset(r.assetName()).map(Versioned::value))) {
            // the asset was deleted while this locator was made: it would publish nothing
            docs.store().delete(path(l.id()), io.livepipe.storage.Condition.none());
            throw Refusal.notFound("asset " + r.assetName() + " was deleted meanwhile");
        }
        return l;
    }

    /**
     * A window of seconds into the asset: finite, 0 <= start < end <= {@link #MAX_SECONDS}, either
     * end open (null). JSON gives Jackson "NaN" and "Infinity" as doubles, hence the finite check.
     */
    static void checkWindow(Double start, Double end) {
        if (start != null && (!Double.isFinite(start) || start < 0 || start >= MAX_SECONDS)) {
            throw Refusal.badRequest("startTime must be a finite number of seconds into the asset, 0 <= startTime < 10^7");
        }
        if (end != null && (!Double.isFinite(end) || end <= 0 || end > MAX_SECONDS)) {
            throw Refusal.badRequest("endTime must be a finite number of seconds into the asset, 0 < endTime <= 10^7");
        }
        if (start != null && end != null && end <= start) {
            throw Refusal.badRequest("endTime must be after startTime");
        }
    }

    /** The locator and its asset, if the locator exists and that asset is still the generation it was made for. */
    public Optional<Published> published(String id) {
        if (id == null || !ID.matcher(id).matches()) return Optional.empty();
        Optional<Versioned<Locator>> read = cache.readVersioned(path(id));
        if (read.isEmpty()) return Optional.empty();
        Optional<Locator> l = Optional.of(read.get().value());
        Optional<Versioned<Asset>> versioned = currentAsset(l.get().assetName());
        Optional<Asset> a = versioned.map(Versioned::value);
        if (!sameGeneration(l.get(), a)) return Optional.empty();
        return Optional.of(new Published(l.get().assetCreated() == null ? l.get().boundTo(a.get().created()) : l.get(), a.get(),
                read.get().etag() + "/" + versioned.get().etag()));
    }

    /**
     * As {@link #published}, but what was found less than the freshness window ago is answered
     * again without reading storage: what the streaming endpoint asks on every request.
     */
    public Optional<Published> publishedRecently(String id) { return recent.published(id); }

    public Optional<Locator> find(String id) { return published(id).map(Published::locator); }

    public Locator get(String id) { return find(id).orElseThrow(() -> Refusal.notFound("no locator " + id)); }

    /** Every locator that serves (one left behind by a deleted asset is not listed). */
    public List<Locator> list() {
        List<Locator> out = new ArrayList<>();
        Map<String, Optional<Asset>> assets = new HashMap<>();
        for (BlobProperties b : docs.store().list(PREFIX)) {
            docs.read(b.path(), Locator.class).ifPresent(v -> {
                Optional<Asset> a = assets.computeIfAbsent(v.value().assetName(), n -> currentAsset(n).map(Versioned::value));
                if (sameGeneration(v.value(), a)) out.add(v.value().assetCreated() == null ? v.value().boundTo(a.get().created()) : v.value());
            });
        }
        return out;
    }

    /** Unpublishes. Idempotent: deleting a locator that is gone (or never served) is not an error. */
    public void delete(String id) {
        if (id == null || !ID.matcher(id).matches()) throw Refusal.notFound("no locator " + id);
        docs.store().delete(path(id), io.livepipe.storage.Condition.none());
        recent.forget(id);
        keys.unpublished(id);
    }

    /**
     * Deletes every locator of asset {@code assetName} except those bound to generation
     * {@code keep} (null: all of them), each If-Match the ETag it was read at; returns how many.
     */
    public int forgetAsset(String assetName, Instant keep) {
        int deleted = 0;
        for (BlobProperties b : docs.store().list(PREFIX)) {
            var v = docs.read(b.path(), Locator.class);
            if (v.isEmpty() || !assetName.equals(v.get().value().assetName())) continue;
            if (keep != null && keep.equals(v.get().value().assetCreated())) continue;
            if (docs.delete(b.path(), v.get().etag())) deleted++;
        }
        recent.forgetAll();
        return deleted;
    }

    private Optional<Versioned<Asset>> currentAsset(String name) {
        try {
            return archive.findAssetVersioned(name);
        } catch (Refusal invalid) {
            throw Refusal.badRequest(invalid.getMessage());
        }
    }

    private static boolean sameGeneration(Locator l, Optional<Asset> a) {
        return a.isPresent() && (l.assetCreated() == null || l.assetCreated().equals(a.get().created()));
    }

    private static String path(String id) { return PREFIX + id + ".json"; }
}
