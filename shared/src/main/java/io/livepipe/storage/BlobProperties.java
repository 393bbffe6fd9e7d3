package io.livepipe.storage;

import java.time.Instant;
import java.util.Map;

/** What the store knows of one blob besides its bytes. */
public record BlobProperties(
        String path, long size, String etag, String contentType, Map<String, String> metadata,
        Instant lastModified) {
    public BlobProperties {
        metadata = Map.copyOf(metadata);
    }
}
