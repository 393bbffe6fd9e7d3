package io.livepipe.encoder.service;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.channel.IngestEndpoints;
import io.livepipe.encoder.live.ChannelRuntime;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import io.livepipe.encoder.http.HttpHost;
import io.livepipe.encoder.http.StreamingRoute;
import io.livepipe.encoder.lowlatency.LowLatencyOrigin;
import io.livepipe.encoder.tls.TlsCredentials;
import io.livepipe.events.EventGridTopicPublisher;
import io.livepipe.events.EventPublisher;
import io.livepipe.http.HttpLimits;
import io.livepipe.platform.HealthReport;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.platform.Stores;
import io.livepipe.streaming.StreamingResponse;
import io.livepipe.streaming.StreamingService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * RTMP, RTMPS and HTTP push ingest ({@code /ingest/{streamKey}/...} on the HTTP port), channel runtime and archive writer on the platform's stores and event topic,
 * with {@code GET /health} on the HTTP port ({@link HttpHost}, the local host's server), and the streaming endpoint's origin
 * ({@code /{locator}/...}, the same shared {@link StreamingService} the StreamingEndpoint
 * function runs) beside it, with the LL-HLS live edge of low-latency channels from memory ({@code /{locator}/ll/...},
 * {@link LowLatencyOrigin}), for a CDN that pulls from the encoder's region. Segments go to the media store; in Azure the
 * storage account's system topic tells ArchiveStamp about them, so the store emits nothing here.
 */
public final class EncoderService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EncoderService.class.getName());
    /** Streaming URLs at the site root, as a streaming endpoint serves them: {@code /{locator}/...}. */
    private static final Pattern STREAMING_ROOT = Pattern.compile("/[0-9a-f]{32}/");

    private final Platform platform;
    private final ChannelRuntime runtime;
    private final StreamingRoute streaming;
    private HttpHost http;
    private int rtmpPort;
    private int rtmpsPort;
    private int srtPort = -1;

    public EncoderService(Platform platform) {
        this.platform = platform;
        this.runtime = new ChannelRuntime(platform);
        this.streaming = new StreamingRoute(Services.streaming(platform));
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

    /**
     * Binds RTMP on LIVEPIPE_RTMP_PORT, RTMPS on LIVEPIPE_RTMPS_PORT (its certificate from the settings, else
     * a self-signed one kept in LIVEPIPE_DATA_DIR) and the health endpoint and origin on LIVEPIPE_HTTP_PORT (0: any free port).
     */
    /** LIVEPIPE_REPLICA_ORIGIN, else this host's address and the bound HTTP port. */
    static String replicaOrigin(Settings s, int port) {
        if (s.isSet(Setting.LIVEPIPE_REPLICA_ORIGIN)) return s.get(Setting.LIVEPIPE_REPLICA_ORIGIN).replaceAll("/+$", "");
        try {
            return "http://" + java.net.InetAddress.getLocalHost().getHostAddress() + ":" + port;
        } catch (java.net.UnknownHostException e) {
            return "http://127.0.0.1:" + port;
        }
    }

    public void start() {
        Settings s = platform.settings();
        http = new HttpHost("origin", HttpLimits.from(s), runtime.pushIngest(), x -> LowLatencyOrigin.matches(x.rawPath())
                ? runtime.lowLatency().handle(x)
                : CompletableFuture.completedFuture(STREAMING_ROOT.matcher(x.rawPath()).lookingAt() ? streaming.handle(x)
                : x.rawPath().equals(StreamingService.TIME_ROUTE) || x.rawPath().equals("/time") ? time(x) : health(x)));
        try {
            rtmpPort = runtime.start("0.0.0.0", s.getInt(Setting.LIVEPIPE_RTMP_PORT));
            rtmpsPort = runtime.startRtmps("0.0.0.0", s.getInt(Setting.LIVEPIPE_RTMPS_PORT),
                    TlsCredentials.rtmps(s, Path.of(s.get(Setting.LIVEPIPE_DATA_DIR))));
            srtPort = runtime.startSrt("0.0.0.0", IngestEndpoints.srtPort(s.get(Setting.LIVEPIPE_SRT_PORT)));
            http.start("0.0.0.0", s.getInt(Setting.LIVEPIPE_HTTP_PORT));
            runtime.advertiseOrigin(replicaOrigin(s, httpPort()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        LOG.info(() -> "event=encoder_service_started rtmpPort=" + rtmpPort + " rtmpsPort=" + rtmpsPort + " srtPort=" + srtPort + " httpPort=" + httpPort()
                + " storage=" + platform.media().backend() + " events=" + platform.eventsBackend());
    }

    public int rtmpPort() { return rtmpPort; }

    public int rtmpsPort() { return rtmpsPort; }

    /** The bound SRT port, -1 when SRT ingest is off or libsrt is missing. */
    public int srtPort() { return srtPort; }

    public int httpPort() { return http.port(); }

    /** {@code GET /api/time} (and {@code /time}): the UTCTiming source of the MPDs this origin serves, as the Functions app's. */
    private HostResponse time(HostRequest x) {
        if (!x.method().equals("GET") && !x.method().equals("HEAD")) return HostResponse.problem(405, "GET only");
        StreamingResponse r = StreamingService.time(platform.clock());
        return new HostResponse(r.status(), r.headers(), r.body());
    }

    /** {@code GET /health}: the backends in use and how many channels have an encoder now; anything else 404. */
    private HostResponse health(HostRequest x) {
        boolean found = x.rawPath().equals("/health");
        boolean get = x.method().equals("GET") || x.method().equals("HEAD");
        if (!found) return HostResponse.problem(404, "no such route");
        if (!get) return HostResponse.problem(405, "GET only");
        HealthReport h = platform.health();
        return HostResponse.json(200, "{\"status\":\"" + h.status() + "\",\"version\":\"" + h.version() + "\",\"storage\":\"" + h.storage()
                + "\",\"events\":\"" + h.events() + "\",\"connectedChannels\":" + runtime.connectedChannels().size()
                + ",\"time\":\"" + h.time() + "\"}");
    }

    @Override
    public void close() {
        runtime.close();
        if (http != null) http.close();
    }
}
