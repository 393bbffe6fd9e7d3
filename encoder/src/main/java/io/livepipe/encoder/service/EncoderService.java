package io.livepipe.encoder.service;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.encoder.channel.ChannelRuntime;
import io.livepipe.events.EventGridTopicPublisher;
import io.livepipe.events.EventPublisher;
import io.livepipe.platform.HealthReport;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.platform.Stores;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * RTMP ingest, channel runtime and archive writer on the platform's stores and event topic,
 * with {@code GET /health} on the HTTP port, and the streaming endpoint's origin
 * ({@code /{locator}/...}, the same shared {@link StreamingService} the StreamingEndpoint
 * function runs) beside it, for a CDN that pulls from the encoder's region. Segments go to the media store; in Azure the
 * storage account's system topic tells ArchiveStamp about them, so the store emits nothing here.
 */
public final class EncoderService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EncoderService.class.getName());
    /** Streaming URLs at the site root, as a streaming endpoint serves them: {@code /{locator}/...}. */
    private static final Pattern STREAMING_ROOT = Pattern.compile("/[0-9a-f]{32}/");

    private final Platform platform;
    private final ChannelRuntime runtime;
    private final StreamingService streaming;
    private final java.util.concurrent.ExecutorService httpWorkers = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "origin-http");
        t.setDaemon(true);
        return t;
    });
    private HttpServer http;
    private int rtmpPort;

    public EncoderService(Platform platform) {
        this.platform = platform;
        this.runtime = new ChannelRuntime(platform);
        this.streaming = Services.streaming(platform);
    }

    /**
     * The platform of a deployment from its settings: storage as configured, events to the
     * Event Grid custom topic (with its key when one is set, else the managed identity through
     * DefaultAzureCredential, which reads AZURE_CLIENT_ID for a user-assigned identity).
     */
    public static Platform platformFrom(Settings s) {
        if (!s.get(Setting.LIVEPIPE_EVENTS).equals("eventgrid")) {
            throw new IllegalArgumentException("the encoder service publishes to Event Grid: set LIVEPIPE_EVENTS=eventgrid"
                    + " (in-process delivery is the local platform's, ./livepipe up)");
        }
        if (!s.isSet(Setting.LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT)) {
            throw new IllegalArgumentException("LIVEPIPE_EVENTS=eventgrid needs LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT");
        }
        String endpoint = s.get(Setting.LIVEPIPE_EVENTGRID_TOPIC_ENDPOINT);
        EventPublisher events = s.isSet(Setting.LIVEPIPE_EVENTGRID_TOPIC_KEY)
                ? EventGridTopicPublisher.withKey(endpoint, s.get(Setting.LIVEPIPE_EVENTGRID_TOPIC_KEY))
                : EventGridTopicPublisher.withCredential(endpoint, new DefaultAzureCredentialBuilder().build());
        Stores stores = Stores.open(s, EventPublisher.none());
        return new Platform(s, stores.media(), stores.state(), events, "eventgrid", Clock.systemUTC());
    }

    /** Binds RTMP on LIVEPIPE_RTMP_PORT and the health endpoint on LIVEPIPE_HTTP_PORT (0: any free port). */
    public void start() {
        Settings s = platform.settings();
        try {
            rtmpPort = runtime.start("0.0.0.0", s.getInt(Setting.LIVEPIPE_RTMP_PORT));
            http = HttpServer.create(new InetSocketAddress(s.getInt(Setting.LIVEPIPE_HTTP_PORT)), 16);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the health endpoint", e);
        }
        http.createContext("/", x -> {
            String path = x.getRequestURI().getRawPath();
            if (STREAMING_ROOT.matcher(path).lookingAt()) origin(x);
            else if (path.equals(StreamingService.TIME_ROUTE) || path.equals("/time")) time(x);
            else health(x);
        });
        http.setExecutor(httpWorkers);
        http.start();
        LOG.info(() -> "event=encoder_service_started rtmpPort=" + rtmpPort + " httpPort=" + httpPort()
                + " storage=" + platform.media().backend() + " events=" + platform.eventsBackend());
    }

    public int rtmpPort() { return rtmpPort; }

    public int httpPort() { return http.getAddress().getPort(); }

    /** The streaming endpoint: manifests and segments of published assets, as StreamingEndpoint answers them. */
    private void origin(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            StreamingResponse r = method.equals("GET") || method.equals("HEAD")
                    ? streaming.handle(x.getRequestURI().getRawPath().substring(1), query(x.getRequestURI().getRawQuery()),
                            x.getRequestHeaders().getFirst("Range"))
                    : new StreamingResponse(405, Map.of("Allow", "GET, HEAD"), new byte[0]);
            r.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
            boolean body = !method.equals("HEAD") && r.body().length > 0;
            x.sendResponseHeaders(r.status(), body ? r.body().length : -1);
            if (body) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    /** {@code GET /api/time} (and {@code /time}): the UTCTiming source of the MPDs this origin serves, as the Functions app's. */
    private void time(HttpExchange x) throws IOException {
        try (x) {
            StreamingResponse r = StreamingService.time(platform.clock());
            r.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
            boolean body = x.getRequestMethod().equals("GET");
            x.sendResponseHeaders(r.status(), body ? r.body().length : -1);
            if (body) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    /** The first value of each query parameter; at most 16, malformed escapes dropped. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null || raw.isEmpty() || raw.length() > 2048) return out;
        for (String kv : raw.split("&", 16)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.putIfAbsent(java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a bad escape is as if the parameter were absent
            }
        }
        return out;
    }

    /** {@code GET /health}: the backends in use and how many channels have an encoder now; anything else 404. */
    private void health(HttpExchange x) throws IOException {
        try (x) {
            boolean found = x.getRequestURI().getPath().equals("/health");
            boolean get = x.getRequestMethod().equals("GET");
            HealthReport h = platform.health();
            String body = !found ? "{\"status\":404,\"detail\":\"no such route\"}"
                    : !get ? "{\"status\":405,\"detail\":\"GET only\"}"
                    : "{\"status\":\"" + h.status() + "\",\"version\":\"" + h.version() + "\",\"storage\":\"" + h.storage()
                    + "\",\"events\":\"" + h.events() + "\",\"connectedChannels\":" + runtime.connectedChannels().size()
                    + ",\"time\":\"" + h.time() + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.sendResponseHeaders(!found ? 404 : !get ? 405 : 200, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        runtime.close();
        if (http != null) http.stop(0);
        httpWorkers.shutdownNow();
    }
}
