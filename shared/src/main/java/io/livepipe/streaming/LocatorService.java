package io.livepipe.streaming;

import io.livepipe.archive.ArchiveException;
import io.livepipe.archive.ArchiveService;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.Condition;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Streaming locators: create (publish an asset), read, list, delete (unpublish). */
public final class LocatorService {
    public static final String PREFIX = "locators/";
    public static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    public static final int MAX_LOCATORS = 10_000;

    private final JsonDocuments docs;
    private final ArchiveService archive;
    private final SecureRandom random;
    private final Clock clock;
    private final StreamingKeys keys;
    /** Locators as last parsed, re-read whenever their ETag changes (every segment request looks one up). */
    private final DocumentCache<Locator> cache;

    public LocatorService(JsonDocuments docs, ArchiveService archive, SecureRandom random, Clock clock, StreamingKeys keys) {
        this.keys = keys;
        this.docs = docs;
        this.cache = new DocumentCache<>(docs, Locator.class, MAX_LOCATORS);
        this.archive = archive;
        this.random = random;
        this.clock = clock;
    }

    public Locator create(LocatorRequest r) {
        if (r.assetName() == null) throw new StreamingException(400, "assetName is required");
        try {
            archive.asset(r.assetName());
        } catch (ArchiveException e) {
            throw new StreamingException(e.reason() == ArchiveException.Reason.NOT_FOUND ? 404 : 400, e.getMessage());
        }
        String policy = r.streamingPolicy() == null ? "clear" : r.streamingPolicy();
        Protection.Scheme scheme = Protection.Scheme.ofPolicy(policy);
        Double start = r.startTime();
        Double end = r.endTime();
        if ((start != null && (start < 0 || start > 1e7)) || (end != null && (end <= 0 || end > 1e7))
                || (start != null && end != null && end <= start)) {
            throw new StreamingException(400, "startTime and endTime are seconds into the asset, 0 <= startTime < endTime");
        }
        if (docs.store().list(PREFIX).size() >= MAX_LOCATORS) throw new StreamingException(409, "too many locators");
        keys.prepare(r.assetName(), scheme, r.contentKeyPolicyName(), r.keyPerTrackType());
        byte[] id = new byte[16];
        random.nextBytes(id);
        Locator l = new Locator(HexFormat.of().formatHex(id), r.assetName(), policy, start, end, clock.instant(),
                r.contentKeyPolicyName());
        docs.create(PREFIX + l.id() + ".json", l);
        return l;
    }

    public Optional<Locator> find(String id) {
        if (id == null || !ID.matcher(id).matches()) return Optional.empty();
        return cache.read(PREFIX + id + ".json");
    }

    public Locator get(String id) { return find(id).orElseThrow(() -> new StreamingException(404, "no locator " + id)); }

    public List<Locator> list() {
        List<Locator> out = new ArrayList<>();
        for (BlobProperties b : docs.store().list(PREFIX)) docs.read(b.path(), Locator.class).ifPresent(v -> out.add(v.value()));
        return out;
    }

    public void delete(String id) {
        get(id);
        docs.store().delete(PREFIX + id + ".json", Condition.none());
    }
}
