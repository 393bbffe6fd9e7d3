package io.livepipe.protection;

import io.livepipe.media.TrackType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An asset's content keys: one for every track, or (keyPerTrackType) one for video and one for
 * audio, as packagers that separate audio and video keys for DRM robustness rules expect.
 */
public record AssetKeys(String assetName, boolean keyPerTrackType, List<TrackKey> keys) {
    public AssetKeys {
        keys = List.copyOf(keys);
    }

    /** The key that encrypts tracks of {@code type}. */
    public ContentKey forTrack(TrackType type) {
        return keys.stream().filter(k -> k.track() == null || k.track() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("asset " + assetName + " has no key for " + type.wireName()))
                .key();
    }

    public Optional<ContentKey> find(UUID keyId) {
        return keys.stream().map(TrackKey::key).filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    public List<ContentKey> contentKeys() { return keys.stream().map(TrackKey::key).toList(); }
}
