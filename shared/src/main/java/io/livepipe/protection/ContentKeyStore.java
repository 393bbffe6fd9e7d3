package io.livepipe.protection;

import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import io.livepipe.storage.BlobProperties;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each asset's content keys, made on first request and kept for the asset's life, wrapped under
 * the key-encryption key. Two instances asking for a new asset's keys at once both make a
 * candidate and write it If-None-Match; the loser reads the winner's, so every instance hands out
 * the same keys (the design's rule of conditional writes for shared documents).
 *
 * <p>Keys belong to one generation of an asset (its creation instant): they are kept at
 * {@code contentkeys/{asset}/{generation}.json}, so an asset deleted and recorded again under the
 * same name never meets the keys handed out for the one before, even when a request racing the
 * delete left a key document behind. Documents of the layout before generations,
 * {@code contentkeys/{asset}.json}, are the keys of the generation they were made during.
 */
public final class ContentKeyStore {
    public static final String PREFIX = "contentkeys/";
    /** The asset names of the archive: 1-64 letters, digits, '.', '_' or '-'. */
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");

    private final JsonDocuments docs;
    /** Key documents as last parsed, re-read whenever their ETag changes (every protected segment looks its key up). */
    private final DocumentCache<ContentKeyDocument> cache;
    private final KeyWrap kek;
    private final SecureRandom random;
    private final Clock clock;

    public ContentKeyStore(JsonDocuments docs, KeyWrap kek, SecureRandom random, Clock clock) {
        this.docs = docs;
        this.cache = new DocumentCache<>(docs, ContentKeyDocument.class, 1024);
        this.kek = kek;
        this.random = random;
        this.clock = clock;
    }

    /** The keys of generation {@code generation} of the asset, made (one key for every track) if it has none yet. */
    public AssetKeys keys(String asset, Instant generation) {
        return existing(asset, generation).orElseGet(() -> create(asset, generation, false));
    }

    /**
     * The asset's keys in the layout asked for, made if it has none yet; 409 if it already has
     * keys in the other layout (keys are never replaced: content encrypted with them exists).
     */
    public AssetKeys keys(String asset, Instant generation, boolean keyPerTrackType) {
        AssetKeys k = existing(asset, generation).orElseGet(() -> create(asset, generation, keyPerTrackType));
        if (k.keyPerTrackType() != keyPerTrackType) {
            throw Refusal.conflict("asset " + asset + " already has " + (k.keyPerTrackType() ? "a key per track type" : "one key for every track"));
        }
        return k;
    }

    /** The keys of that generation of the asset if it has any; makes none. */
    public Optional<AssetKeys> existing(String asset, Instant generation) {
        Optional<ContentKeyDocument> doc = cache.read(path(asset, generation));
        if (doc.isEmpty()) doc = cache.read(legacyPath(asset)).filter(d -> madeDuring(d, generation));
        return doc.map(this::unwrap);
    }

    /** A key document of the layout before generations was made while this generation existed. */
    private static boolean madeDuring(ContentKeyDocument d, Instant generation) {
        return d.created() != null && !d.created().isBefore(generation);
    }

    /**
     * Deletes the asset's key documents of every generation but {@code keep} (null: all), each
     * If-Match the ETag listed; returns how many went. Needs no key-encryption key.
     */
    public static int forget(JsonDocuments docs, String asset, Instant keep) {
        String legacy = legacyPath(asset);
        String kept = keep == null ? null : path(asset, keep);
        int deleted = 0;
        List<BlobProperties> found = new ArrayList<>(docs.store().list(PREFIX + requireAsset(asset) + "/"));
        docs.store().properties(legacy).ifPresent(found::add);
        for (BlobProperties b : found) {
            if (b.path().equals(kept)) continue;
            if (b.path().equals(legacy) && keep != null && docs.read(legacy, ContentKeyDocument.class)
                    .map(v -> madeDuring(v.value(), keep)).orElse(false)) continue;
            if (docs.delete(b.path(), b.etag())) deleted++;
        }
        return deleted;
    }

    private AssetKeys create(String asset, Instant generation, boolean perTrack) {
        List<ContentKeyDocument.Stored> stored = new ArrayList<>();
        if (perTrack) {
            for (TrackType t : TrackType.values()) stored.add(wrap(ContentKey.generate(random), t.wireName()));
        } else {
            stored.add(wrap(ContentKey.generate(random), null));
        }
        ContentKeyDocument doc = new ContentKeyDocument(asset, perTrack, stored, clock.instant());
        try {
            docs.create(path(asset, generation), doc);
            return unwrap(doc);
        } catch (PreconditionFailedException e) {
            // another instance made this asset's keys first: theirs are the keys
            return existing(asset, generation).orElseThrow(() -> new IllegalStateException("keys of asset " + asset + " vanished during creation"));
        }
    }

    private ContentKeyDocument.Stored wrap(ContentKey k, String track) {
        return new ContentKeyDocument.Stored(k.keyIdText(), track, Base64.getEncoder().encodeToString(kek.wrap(k.key())));
    }

    private AssetKeys unwrap(ContentKeyDocument doc) {
        List<TrackKey> out = new ArrayList<>();
        for (ContentKeyDocument.Stored s : doc.keys()) {
            TrackType t = s.track() == null ? null : TrackType.valueOf(s.track().toUpperCase(java.util.Locale.ROOT));
            out.add(new TrackKey(t, new ContentKey(UUID.fromString(s.keyId()), kek.unwrap(Base64.getDecoder().decode(s.wrappedKey())))));
        }
        return new AssetKeys(doc.assetName(), doc.keyPerTrackType(), out);
    }

    /** {@code contentkeys/{asset}/{generation}.json}, the generation as nanoseconds of the epoch (path-safe, exact). */
    static String path(String asset, Instant generation) {
        if (generation == null) throw new IllegalArgumentException("an asset generation is required");
        String nanos = java.math.BigInteger.valueOf(generation.getEpochSecond()).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .add(java.math.BigInteger.valueOf(generation.getNano())).toString();
        return PREFIX + requireAsset(asset) + "/" + nanos + ".json";
    }

    private static String legacyPath(String asset) { return PREFIX + requireAsset(asset) + ".json"; }

    private static String requireAsset(String asset) {
        if (asset == null || !ASSET.matcher(asset).matches()) {
            throw Refusal.badRequest("asset name must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return asset;
    }
}
