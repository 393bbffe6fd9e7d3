package io.livepipe.encoder.lowlatency;

import io.livepipe.encoder.http.HostRequest;
import io.livepipe.cache.FreshFor;
import io.livepipe.encoder.http.HostResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A low-latency request that reached a replica which does not ingest the channel, passed on to
 * the replica that holds the channel's lease (its internal origin URL, from the lease record).
 * Proxied rather than redirected: replicas' internal addresses are not reachable by viewers or a
 * CDN, and a 307 would put them in answers that shared caches keep. The hop is asynchronous (no
 * thread waits while the holder holds a blocking reload), marked with {@link #FORWARDED} so a
 * request is passed on at most once, and bounded by {@link #TIMEOUT}. An LL-DASH segment still
 * being made arrives whole through the hop (not chunk by chunk). Holders are remembered for
 * {@link LowLatencyOrigin#LOCATOR_TTL}.
 */
final class ReplicaProxy {
    static final String FORWARDED = "X-Livepipe-Forwarded";
    /** Longer than any held request (three target durations of at most 10 s) and a segment streamed while made. */
    static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final List<String> PASSED = List.of("Content-Type", "Cache-Control", "Access-Control-Allow-Origin");
    private static final Logger LOG = Logger.getLogger(ReplicaProxy.class.getName());

    private final Function<String, Optional<String>> holders;
    private final FreshFor<String, Optional<String>> known;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** {@code holders}: a channel's holder's origin URL ({@code http://host:port}), if another replica holds it. */
    ReplicaProxy(Function<String, Optional<String>> holders, Clock clock) {
        this.holders = holders;
        this.known = new FreshFor<>(LowLatencyOrigin.LOCATOR_TTL, LowLatencyOrigin.LOCATOR_CACHE, FreshFor.ticker(clock));
    }

    /** The holder of {@code channel} to pass {@code request} on to, if there is one and the request was not passed on already. */
    Optional<String> holder(String channel, HostRequest request) {
        if (request.header(FORWARDED) != null) return Optional.empty();
        return known.get(channel, c -> {
            try {
                return holders.apply(c);
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=ll_holder_lookup_failed channel=" + c + " error=" + e.getClass().getSimpleName()
                        + " detail=\"" + e.getMessage() + "\"");
                return Optional.empty();
            }
        });
    }

    /** {@code request} passed on to {@code origin}: its status, body and caching headers; 502 if the holder does not answer. */
    CompletionStage<HostResponse> forward(String origin, HostRequest request) {
        String target = origin + request.rawPath() + (request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT).header(FORWARDED, "1");
        b = request.method().equals("HEAD") ? b.method("HEAD", HttpRequest.BodyPublishers.noBody()) : b.GET();
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((r, t) -> {
            if (t != null) {
                // the class only: a message may name the request, whose query can carry a playback token
                LOG.warning(() -> "event=ll_forward_failed origin=" + origin + " error=" + t.getClass().getSimpleName());
                return LowLatencyOrigin.problem(502, "the replica ingesting the channel did not answer; retry");
            }
            Map<String, String> h = new LinkedHashMap<>();
            for (String name : PASSED) r.headers().firstValue(name).ifPresent(v -> h.put(name, v));
            return new HostResponse(r.statusCode(), h, r.body());
        });
    }

}
