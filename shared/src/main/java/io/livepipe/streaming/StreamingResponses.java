package io.livepipe.streaming;

import io.livepipe.http.BodyRest;
import io.livepipe.http.Problem;
import io.livepipe.http.RangeSelection;
import io.livepipe.http.Refusal;
import io.livepipe.media.cenc.ProtectedFragment;
import io.livepipe.storage.Blob;
import io.livepipe.storage.BlobStore;
import io.livepipe.storage.LocalFile;
import io.livepipe.storage.RangeNotSatisfiableException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming endpoint's answers as HTTP needs them: manifests (short-lived in caches), stored
 * media whole or by byte range (RFC 9110 §14, {@link RangeSelection}; immutable, with its ETag),
 * media made on request with an ETag derived from its source, and refusals as problem details ({@link Problem}).
 */
final class StreamingResponses {
    static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";

    private StreamingResponses() { }

    static StreamingResponse manifest(String body, String type, String cacheControl) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", cacheControl);
        h.put("Access-Control-Allow-Origin", "*");
        return new StreamingResponse(200, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> mediaHeaders(String type) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", SEGMENT_CACHE);
        h.put("Accept-Ranges", "bytes");
        h.put("Access-Control-Allow-Origin", "*");
        return h;
    }

    /**
     * A stored blob as it is, whole or the range asked for; {@code zeroCopy}: a whole blob the
     * store keeps in a local file comes back as that file's slice.
     */
    static StreamingResponse blob(BlobStore media, String path, String type, String range, boolean zeroCopy) {
        Map<String, String> h = mediaHeaders(type);
        RangeSelection selection = RangeSelection.of(null, 0);
        long size = -1;
        if (range != null) {
            size = media.properties(path).orElseThrow(() -> Refusal.notFound("segment missing")).size();
            selection = RangeSelection.of(range, size);
        }
        if (selection.kind() == RangeSelection.Kind.UNSATISFIABLE) {
            h.put("Content-Range", selection.contentRange(size));
            return new StreamingResponse(416, h, new byte[0]);
        }
        if (selection.kind() == RangeSelection.Kind.WHOLE) {
            if (zeroCopy) {
                Optional<LocalFile> f = media.localFile(path);
                if (f.isPresent()) {
                    h.put("ETag", f.get().properties().etag());
                    return new StreamingResponse(200, h, new byte[0], f.get());
                }
            }
            Blob b = media.get(path).orElseThrow(() -> Refusal.notFound("segment missing"));
            h.put("ETag", b.properties().etag());
            return new StreamingResponse(200, h, b.data());
        }
        try {
            Blob b = media.getRange(path, selection.first(), selection.count())
                    .orElseThrow(() -> Refusal.notFound("segment missing"));
            h.put("ETag", b.properties().etag());
            h.put("Content-Range", "bytes " + selection.first() + "-" + (selection.first() + b.data().length - 1) + "/" + size);
            return new StreamingResponse(206, h, b.data());
        } catch (RangeNotSatisfiableException e) {
            h.put("Content-Range", "bytes */" + size);
            return new StreamingResponse(416, h, new byte[0]);
        }
    }

    /** Bytes made on request (a protected copy), whole or the range asked for (RFC 9110 §14.2, {@link RangeSelection}). */
    static StreamingResponse bytes(byte[] data, String etag, String type, String range) {
        Map<String, String> h = mediaHeaders(type);
        h.put("ETag", etag);
        RangeSelection selection = RangeSelection.of(range, data.length);
        return switch (selection.kind()) {
            case WHOLE -> new StreamingResponse(200, h, data);
            case UNSATISFIABLE -> {
                h.put("Content-Range", selection.contentRange(data.length));
                yield new StreamingResponse(416, h, new byte[0]);
            }
            case PARTIAL -> {
                h.put("Content-Range", selection.contentRange(data.length));
                yield new StreamingResponse(206, h, java.util.Arrays.copyOfRange(data, (int) selection.first(), (int) selection.last() + 1));
            }
        };
    }

    /** A fragment protected in place, whole: its head as the body and the rest where it was encrypted (zero-copy callers only). */
    static StreamingResponse fragment(ProtectedFragment f, String etag, String type) {
        Map<String, String> h = mediaHeaders(type);
        h.put("ETag", etag);
        return new StreamingResponse(200, h, f.head(), null, new BodyRest(f.array(), f.restOffset(), f.restLength()));
    }

    /** A protected copy's ETag: the clear copy's and the scheme (the asset's key never changes). */
    static String protectedEtag(Blob clear, Protection.Scheme scheme) { return derivedEtag(clear, scheme.policy()); }

    /** The ETag of bytes made from a stored segment: its ETag and what was made of it. */
    static String derivedEtag(Blob source, String form) {
        String e = source.properties().etag();
        String inner = e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2 ? e.substring(1, e.length() - 1) : e;
        return "\"" + inner + "-" + form + "\"";
    }

    /** A refusal's answer ({@link Problem}: one writer for every host), readable by players on any origin. */
    static StreamingResponse problem(Refusal refusal) {
        Problem p = Problem.of(refusal);
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        h.put("Access-Control-Allow-Origin", "*");
        return new StreamingResponse(p.status(), h, p.body());
    }
}
