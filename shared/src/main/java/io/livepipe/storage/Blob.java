package io.livepipe.storage;

/**
 * A blob's bytes (the whole blob, or the requested range of it) with its properties.
 * {@code offset} is where {@code data} starts within the blob.
 */
public record Blob(BlobProperties properties, long offset, byte[] data) {}
