package io.livepipe.storage;

import java.util.Map;

/** How to write a blob: its content type, metadata (ASCII keys and values) and precondition. */
public record PutOptions(String contentType, Map<String, String> metadata, Condition condition) {
    public PutOptions {
        metadata = Map.copyOf(metadata);
        if (contentType == null) contentType = "application/octet-stream";
        if (condition == null) condition = Condition.none();
    }

    public static PutOptions of(String contentType) {
        return new PutOptions(contentType, Map.of(), Condition.none());
    }

    public PutOptions with(Condition c) { return new PutOptions(contentType, metadata, c); }

    public PutOptions with(Map<String, String> md) { return new PutOptions(contentType, md, condition); }
}
