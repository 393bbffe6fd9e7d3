package io.livepipe.protection;

import io.livepipe.media.TrackType;
import io.livepipe.storage.Condition;
import io.livepipe.storage.DocumentCache;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.PreconditionFailedException;
import java.security.SecureRandom;
import java.time.Clock;
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

    /** The asset's keys, made (one key for every track) if it has none yet. */
    public AssetKeys keys(String asset) {
        return existing(asset).orElseGet(() -> create(asset, false));
    }

    /**
     * The asset's keys in the layout asked for, made if it has none yet; 409 if it already has
     * keys in the other layout (keys are never replaced: content encrypted with them exists).
     */
    public AssetKeys keys(String asset, boolean keyPerTrackType) {
        AssetKeys k = existing(asset).orElseGet(() -> create(asset, keyPerTrackType));
        if (k.keyPerTrackType() != keyPerTrackType) {
            throw new ProtectionException(409, "asset " + asset + " already has " + (k.keyPerTrackType() ? "a key per track type" : "one key for every track"));
        }
        return k;
    }

    /** The asset's keys if it has any; makes none. */
    public Optional<AssetKeys> existing(String asset) {
        return cache.read(path(asset)).map(this::unwrap);
    }

    /** Forgets the asset's keys (when the asset is deleted); false if it had none. */
    public boolean delete(String asset) {
        return docs.store().delete(path(asset), Condition.none());
    }

    private AssetKeys create(String asset, boolean perTrack) {
        List<ContentKeyDocument.Stored> stored = new ArrayList<>();
        if (perTrack) {
            for (TrackType t : TrackType.values()) stored.add(wrap(ContentKey.generate(random), t.wireName()));
        } else {
            stored.add(wrap(ContentKey.generate(random), null));
        }
        ContentKeyDocument doc = new ContentKeyDocument(asset, perTrack, stored, clock.instant());
        try {
            docs.create(path(asset), doc);
            return unwrap(doc);
        } catch (PreconditionFailedException e) {
            // another instance made this asset's keys first: theirs are the keys
            return existing(asset).orElseThrow(() -> new IllegalStateException("keys of asset " + asset + " vanished during creation"));
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

    private static String path(String asset) {
        if (asset == null || !ASSET.matcher(asset).matches()) {
            throw ProtectionException.invalid("asset name must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return PREFIX + asset + ".json";
    }
}
