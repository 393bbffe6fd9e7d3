package io.livepipe.protection.cpix;

import io.livepipe.archive.ArchiveService;
import io.livepipe.http.Refusal;
import io.livepipe.protection.AssetKeys;
import io.livepipe.protection.ContentKeyStore;
import java.security.SecureRandom;

/** The CPIX document of an existing asset's keys (made if the asset has none yet) for one recipient. */
public final class CpixService {
    private final ArchiveService archive;
    private final ContentKeyStore keys;
    private final SecureRandom random;

    public CpixService(ArchiveService archive, ContentKeyStore keys, SecureRandom random) {
        this.archive = archive;
        this.keys = keys;
        this.random = random;
    }

    /** {@code recipientPem} null or blank: 400, since keys are never written in the clear. */
    public String document(String assetName, String recipientPem) {
        CpixRecipient recipient = CpixRecipient.fromPem(recipientPem);
        io.livepipe.archive.Asset asset;
        try {
            asset = archive.asset(assetName);
        } catch (Refusal e) {
            throw Refusal.of(e.reason() == Refusal.Reason.NOT_FOUND ? 404 : 400, e.getMessage());
        }
        AssetKeys k = keys.keys(assetName, asset.created());
        return CpixWriter.write(assetName, k.keys(), recipient, random);
    }
}
