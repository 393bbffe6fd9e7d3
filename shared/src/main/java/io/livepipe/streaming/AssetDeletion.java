package io.livepipe.streaming;

import io.livepipe.archive.ArchiveService;
import io.livepipe.archive.Asset;
import java.time.Instant;

/**
 * Deleting an asset deletes its locators and content keys with it, as the retired service did
 * (it did not refuse while locators existed). The asset's document goes first, If-Match, so from
 * then on nothing serves it (locators are bound to its generation); then its locators, then its
 * keys. A retry after a failure part-way — or a delete of an asset that is already gone — does
 * the rest again: idempotent, and safe beside a new asset recorded under the same name meanwhile,
 * whose locators and keys are left alone. The channel's segments are the retention sweep's.
 */
public final class AssetDeletion {
    private final ArchiveService archive;
    private final LocatorService locators;
    private final StreamingKeys keys;

    /** What a delete removed. */
    public record Deleted(boolean asset, int locators) { }

    public AssetDeletion(ArchiveService archive, LocatorService locators, StreamingKeys keys) {
        this.archive = archive;
        this.locators = locators;
        this.keys = keys;
    }

    public Deleted delete(String assetName) {
        boolean asset = archive.deleteAsset(assetName);
        Instant keep = archive.findAsset(assetName).map(Asset::created).orElse(null);
        int gone = locators.forgetAsset(assetName, keep);
        keys.forget(assetName, keep);
        return new Deleted(asset, gone);
    }
}
