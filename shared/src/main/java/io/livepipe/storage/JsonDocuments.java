package io.livepipe.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Shared JSON documents on a {@link BlobStore}, written only conditionally: {@link #update}
 * reads a document with its ETag, applies a change and writes it back If-Match that ETag; if
 * another writer got there first it reads again and re-applies, so no update is ever lost.
 * The change function may run more than once and must not have effects of its own.
 */
public final class JsonDocuments {
    /** Attempts before an update under contention gives up. */
    public static final int MAX_ATTEMPTS = 50;
    private static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final BlobStore store;

    public JsonDocuments(BlobStore store) { this.store = store; }

    public BlobStore store() { return store; }

    public <T> Optional<Versioned<T>> read(String path, Class<T> type) {
        return store.get(path).map(b -> new Versioned<>(decode(path, b.data(), type), b.properties().etag()));
    }

    /** Writes a new document; {@link PreconditionFailedException} if one exists. */
    public <T> Versioned<T> create(String path, T value) {
        BlobProperties p = store.put(path, encode(value), PutOptions.of(JSON).with(Condition.ifAbsent()));
        return new Versioned<>(value, p.etag());
    }

    /** Writes unconditionally: for documents with one writer, or where the last write may win. */
    public <T> Versioned<T> put(String path, T value) {
        BlobProperties p = store.put(path, encode(value), PutOptions.of(JSON));
        return new Versioned<>(value, p.etag());
    }

    /**
     * Read, change, write If-Match (If-None-Match * for a new document), retried on conflict.
     * The change sees empty when there is no document yet. Returns the value written.
     */
    public <T> T update(String path, Class<T> type, Function<Optional<T>, T> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<Versioned<T>> current = read(path, type);
            T next = change.apply(current.map(Versioned::value));
            Condition condition = current.map(v -> Condition.ifMatch(v.etag())).orElse(Condition.ifAbsent());
            if (current.isPresent() && next.equals(current.get().value())) return next;
            try {
                store.put(path, encode(next), PutOptions.of(JSON).with(condition));
                return next;
            } catch (PreconditionFailedException e) {
                if (attempt >= MAX_ATTEMPTS) throw e;
                backOff(attempt);
            }
        }
    }

    /** Deletes if the document still has this ETag; false if it changed or is gone. */
    public boolean delete(String path, String etag) {
        try {
            return store.delete(path, Condition.ifMatch(etag));
        } catch (PreconditionFailedException e) {
            return false;
        }
    }

    private static void backOff(int attempt) {
        long max = Math.min(50, 1L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a conditional write");
        }
    }

    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write document: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T decode(String path, byte[] data, Class<T> type) {
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new StoreException("document " + path + " is not a valid " + type.getSimpleName(), e);
        }
    }
}
