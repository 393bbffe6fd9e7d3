package io.livepipe.streaming;

import io.livepipe.archive.Asset;
import io.livepipe.cache.LruCache;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered manifests, kept as the bytes of their answer while nothing they are made of changed.
 * An entry is keyed by the request path (locator, manifest form, rendition, AMS
 * {@code encryption=}) and the clip query ({@code startTime}, {@code endTime}), and holds the
 * answer of one version of the locator and its asset (their documents' ETags and the asset's
 * timeline chunks' ETags: a stamped segment, a seal, a new run each make another version); it is
 * a hit only for that version, and a newer version's answer replaces it — a live playlist keeps
 * one entry, not one per segment it ever listed. Never kept: manifests
 * carrying a {@code ?token=} (per viewer: the token is written into them), a live MPD (it says
 * the time it was made: {@code publishTime}, the listed span), and anything but a 200. So a hit
 * is always byte for byte what rendering now would answer. Bounded by entries and by bytes (the
 * answer's and its key's).
 */
final class ManifestCache {
    static final int MAX_ENTRIES = 1024;
    static final long MAX_BYTES = 32L * 1024 * 1024;
    /** What an entry costs besides its body: key, headers, map entry. */
    static final int ENTRY_OVERHEAD = 512;

    /** Which manifest: everything its bytes depend on but the version. */
    record Key(String path, String startTime, String endTime) {
        long chars() {
            return path.length() + (startTime == null ? 0 : startTime.length()) + (endTime == null ? 0 : endTime.length());
        }
    }

    /** An answer kept, the version it was rendered from, and what it and its key weigh. */
    private record Kept(String version, StreamingResponse response, long weight) { }

    private final LruCache<Key, Kept> rendered = new LruCache<>(MAX_ENTRIES, MAX_BYTES, Kept::weight);

    /** Whether the answer may be kept and shared: a manifest, the same for every viewer, not depending on the clock. */
    static boolean shareable(StreamingRequest r, Map<String, String> query, Asset a) {
        return switch (r.kind()) {
            case HLS_MULTIVARIANT, HLS_MEDIA, HLS_TS_MULTIVARIANT, HLS_TS_MEDIA, SMOOTH_MANIFEST -> !query.containsKey("token");
            case DASH_MPD -> !query.containsKey("token") && Asset.VOD.equals(a.state());
            case INIT, SEGMENT, TS_SEGMENT, SMOOTH_FRAGMENT -> false;
        };
    }

    static Key key(String path, Map<String, String> query) {
        return new Key(path, query.get("startTime"), query.get("endTime"));
    }

    /** The kept answer for {@code key} if it was rendered from {@code version}, or {@code render}'s, kept when it is a 200. */
    StreamingResponse answer(Key key, String version, Supplier<StreamingResponse> render) {
        Kept known = rendered.get(key);
        if (known != null && known.version().equals(version)) return known.response();
        StreamingResponse fresh = render.get();
        if (fresh.status() == 200 && fresh.file() == null) {
            long weight = fresh.body().length + 2 * (key.chars() + version.length()) + ENTRY_OVERHEAD + fresh.headers().size() * 64L;
            rendered.put(key, new Kept(version, fresh, weight));
        }
        return fresh;
    }

    int size() { return rendered.size(); }
}
