package io.livepipe.platform;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.events.EventPublisher;
import io.livepipe.storage.AzureBlobStore;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.FileBlobStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The two stores a deployment uses — media (segments) and state (documents) — on the backend
 * the settings name. On disk, the media store emits BlobCreated to {@code blobEvents} as a
 * storage account's system topic would; the state store emits nothing, since nothing
 * subscribes to documents. In Azure the account's system topic emits them itself.
 */
public record Stores(BlobStore media, BlobStore state) {

    public static Stores open(Settings s, EventPublisher blobEvents) {
        String media = s.get(Setting.LIVEPIPE_MEDIA_CONTAINER);
        String state = s.get(Setting.LIVEPIPE_STATE_CONTAINER);
        switch (s.get(Setting.LIVEPIPE_STORAGE)) {
            case "file" -> {
                Path root = Path.of(s.get(Setting.LIVEPIPE_DATA_DIR));
                return new Stores(new FileBlobStore(root.resolve(media), media, blobEvents, Clock.systemUTC()),
                        new FileBlobStore(root.resolve(state), state, EventPublisher.none(), Clock.systemUTC()));
            }
            case "azure" -> {
                if (s.isSet(Setting.LIVEPIPE_STORAGE_CONNECTION_STRING)) {
                    String cs = s.get(Setting.LIVEPIPE_STORAGE_CONNECTION_STRING);
                    return new Stores(AzureBlobStore.fromConnectionString(cs, media), AzureBlobStore.fromConnectionString(cs, state));
                }
                if (!s.isSet(Setting.LIVEPIPE_STORAGE_ACCOUNT_URL)) {
                    throw new IllegalArgumentException("LIVEPIPE_STORAGE=azure needs LIVEPIPE_STORAGE_CONNECTION_STRING or LIVEPIPE_STORAGE_ACCOUNT_URL");
                }
                String url = s.get(Setting.LIVEPIPE_STORAGE_ACCOUNT_URL);
                return new Stores(AzureBlobStore.fromEndpoint(url, media), AzureBlobStore.fromEndpoint(url, state));
            }
            default -> throw new IllegalArgumentException("LIVEPIPE_STORAGE must be file or azure");
        }
    }
}
