package io.livepipe.storage;

/** A document's value with the ETag it was read at, for a conditional write back. */
public record Versioned<T>(T value, String etag) { }
