package io.livepipe.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract against the Azure Storage Blob SDK talking to a real Azurite. */
class AzureBlobStoreTest extends BlobStoreContract {
    static Azurite azurite;
    static AzureBlobStore store;

    @BeforeAll
    static void start() {
        azurite = Azurite.start();
        store = AzureBlobStore.fromConnectionString(azurite.connectionString(), "contract");
    }

    @AfterAll
    static void stop() {
        if (azurite != null) azurite.close();
    }

    @Override
    protected BlobStore store() { return store; }
}
