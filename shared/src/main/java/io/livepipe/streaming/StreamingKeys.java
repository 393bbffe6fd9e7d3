package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import java.time.Instant;
import java.util.UUID;

/**
 * The streaming endpoint's view of content keys (a port: the protection services implement
 * it; this package knows nothing of how keys are kept or wrapped). {@link #prepare} checks a
 * locator's policies as it is published and makes its asset's keys; {@link #key} gives the key
 * of one track type of an asset, for encrypting on the fly. Keys belong to one generation of an
 * asset (its {@link Asset#created()} instant): an asset recorded again under a deleted one's name
 * gets keys of its own. {@link #forget} deletes them with the asset.
 */
public interface StreamingKeys {

    /**
     * Checks that {@code contentKeyPolicyName} fits {@code scheme} and exists; makes the asset's
     * keys if they are needed (one, or one per track type), or checks that the asset's existing
     * keys have that layout ({@code null}: whichever the asset has, one key for a new one).
     */
    void prepare(Asset asset, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType);

    /** The key of the asset's track type (the asset's one key unless it has one per track type). */
    Key key(Asset asset, TrackType type);

    /** Deletes the keys of every generation of the asset {@code assetName} but {@code keep} (null: all). */
    void forget(String assetName, Instant keep);

    /** A content key: its id and its 16 bytes. Never printed. */
    record Key(UUID id, byte[] value) {
        public Key {
            value = value.clone();
        }

        @Override public byte[] value() { return value.clone(); }

        @Override public String toString() { return "Key[id=" + id + "]"; }
    }

    /** Where no protection is configured: only clear locators. */
    StreamingKeys NONE = new StreamingKeys() {
        @Override
        public void prepare(Asset asset, Protection.Scheme scheme, String contentKeyPolicyName, Boolean keyPerTrackType) {
            if (scheme != Protection.Scheme.CLEAR) throw Refusal.badRequest("content protection is not configured here");
            if (contentKeyPolicyName != null) throw Refusal.badRequest("a clear locator takes no contentKeyPolicyName");
        }

        @Override
        public Key key(Asset asset, TrackType type) { throw Refusal.notFound("content protection is not configured here"); }

        @Override
        public void forget(String assetName, Instant keep) { }
    };
}
