package io.livepipe.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.events.EventGridEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code Microsoft.Storage.BlobCreated} events as a storage account's system topic emits them:
 * subject {@code /blobServices/default/containers/{container}/blobs/{path}} and the data
 * fields of {@code StorageBlobCreatedEventData}. The file store emits them for what it writes;
 * ArchiveStamp reads them back with {@link #parse}.
 */
public final class BlobCreatedEvents {
    public static final String TYPE = "Microsoft.Storage.BlobCreated";
    static final String SUBJECT_PREFIX = "/blobServices/default/containers/";
    static final String BLOBS = "/blobs/";

    private BlobCreatedEvents() { }

    /** What a BlobCreated event says about the blob. */
    public record BlobRef(String container, String path, String etag, long contentLength, String contentType) { }

    public static String subject(String container, String path) {
        return SUBJECT_PREFIX + container + BLOBS + path;
    }

    public static String topic(String account) {
        return "/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/" + account;
    }

    public static EventGridEvent create(String account, String container, String url, BlobProperties p, long sequencer,
                                        Instant at) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        String request = UUID.randomUUID().toString();
        d.put("api", "PutBlob");
        d.put("clientRequestId", request);
        d.put("requestId", request);
        d.put("eTag", p.etag());
        d.put("contentType", p.contentType());
        d.put("contentLength", p.size());
        d.put("blobType", "BlockBlob");
        d.put("url", url);
        d.put("sequencer", String.format("%032x", sequencer));
        d.putObject("storageDiagnostics").put("batchId", request);
        return new EventGridEvent(UUID.randomUUID().toString(), topic(account), subject(container, p.path()), TYPE, at, d, "", "1");
    }

    /** The blob a BlobCreated event names, or empty for any other event or subject shape. */
    public static Optional<BlobRef> parse(EventGridEvent e) {
        if (!TYPE.equals(e.eventType()) || !e.subject().startsWith(SUBJECT_PREFIX)) return Optional.empty();
        String rest = e.subject().substring(SUBJECT_PREFIX.length());
        int blobs = rest.indexOf(BLOBS);
        if (blobs <= 0) return Optional.empty();
        String container = rest.substring(0, blobs);
        String path = rest.substring(blobs + BLOBS.length());
        try {
            BlobPaths.require(path);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
        JsonNode d = e.data();
        return Optional.of(new BlobRef(container, path, d.path("eTag").asText(null), d.path("contentLength").asLong(-1),
                d.path("contentType").asText(null)));
    }
}
