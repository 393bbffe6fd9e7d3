package io.livepipe.local;

import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.encoder.live.ChannelRuntime;
import io.livepipe.encoder.lowlatency.LowLatencyOrigin;
import io.livepipe.encoder.http.Dispatch;
import io.livepipe.encoder.http.HttpHost;
import io.livepipe.encoder.http.StreamingRoute;
import io.livepipe.encoder.tls.TlsCredentials;
import io.livepipe.events.EventSubscriptions;
import io.livepipe.functions.FunctionCatalog;
import io.livepipe.http.HttpLimits;
import io.livepipe.platform.Platform;
import io.livepipe.platform.ServiceGraph;
import io.livepipe.platform.Stores;
import io.livepipe.token.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The whole platform in one process, for a laptop: the function classes on the Functions
 * host's routes, in-process event delivery, storage on disk (or Azurite/Azure when configured)
 * and the web pages.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalPlatform.class.getName());
    /** The local platform's replica name when LIVEPIPE_REPLICA_NAME is not set. */
    static final String LOCAL_REPLICA = "local";
    /** Streaming URLs at the site root, as a streaming endpoint serves them: {@code /{locator}/...}. */
    private static final java.util.regex.Pattern STREAMING_ROOT = java.util.regex.Pattern.compile("/[0-9a-f]{32}/");

    private final Settings settings;
    private final Path dataDir;
    private final Platform platform;
    private final ServiceGraph services;
    private final InProcessEvents events;
    private final FunctionHost host;
    private final HttpHost http;
    /** The same routes over TLS (LIVEPIPE_HTTPS_PORT), or null. */
    private final HttpHost https;
    private int httpsPort = -1;
    private final String functionKey;
    private final ChannelRuntime runtime;
    private int httpPort;
    private int rtmpPort;
    private int rtmpsPort;
    private int srtPort = -1;

    public LocalPlatform(Settings settings, Path webRoot, Path nodeModules) {
        this.dataDir = Path.of(settings.get(Setting.LIVEPIPE_DATA_DIR)).toAbsolutePath();
        settings = withLocalProtectionSecrets(settings, dataDir);
        this.functionKey = settings.isSet(Setting.LIVEPIPE_FUNCTION_KEY)
                ? settings.get(Setting.LIVEPIPE_FUNCTION_KEY) : persistedKey(dataDir.resolve("function-key"));
        // the ARM face's bearer token, locally: the function key unless one is configured
        if (!settings.isSet(Setting.LIVEPIPE_ARM_TOKEN)) settings = settings.with(Setting.LIVEPIPE_ARM_TOKEN, functionKey);
        this.settings = settings;
        AtomicReference<FunctionHost> hostRef = new AtomicReference<>();
        this.events = new InProcessEvents(hostRef::get, EventSubscriptions.all(settings.get(Setting.LIVEPIPE_MEDIA_CONTAINER)), 4);
        Stores stores = Stores.open(settings, events);
        this.platform = new Platform(settings, stores.media(), stores.state(), events, "inprocess", Clock.systemUTC());
        FunctionKeys keys = new FunctionKeys(functionKey);
        this.services = new ServiceGraph(platform);
        this.host = new FunctionHost(instantiate(services), keys);
        hostRef.set(host);
        // One local platform per data folder: a fixed replica name, so that after a crash it holds its channels' leases at once.
        this.runtime = new ChannelRuntime(platform, settings.isSet(Setting.LIVEPIPE_REPLICA_NAME)
                ? settings.get(Setting.LIVEPIPE_REPLICA_NAME) : LOCAL_REPLICA);
        EventGridWebhook webhook = new EventGridWebhook(host, keys);
        StaticFiles files = new StaticFiles(webRoot, nodeModules);
        ConsoleSignIn signIn = new ConsoleSignIn(keys, functionKey, Clock.systemUTC());
        StreamingRoute streaming = new StreamingRoute(services.streaming());
        java.util.function.Function<io.livepipe.encoder.http.HostRequest, io.livepipe.encoder.http.HostResponse> others = request -> {
            String path = request.rawPath();
            String arm = armPath(path);
            if (arm != null) return host.handleApi(request.withPath(arm));
            if (path.startsWith(FunctionHost.API_PREFIX)) return host.handleApi(request);
            if (path.equals(EventGridWebhook.PATH)) return webhook.handle(request);
            if (ConsoleSignIn.handles(path)) return signIn.handle(request);
            return files.handle(request);
        };
        // LL-HLS / LL-DASH answer later (held reloads, parts not cut yet): on futures, no thread each
        ChannelRuntime rt = runtime;
        Dispatch lowLatency = new Dispatch(request -> rt.lowLatency().handle(request), false);
        // streaming answers come from memory (rendered manifests) and local files (segments, sent with
        // sendfile) when both stores are on this machine's disk: routed on the event loop, no worker hop
        boolean localFiles = platform.media().backend().equals("file") && platform.state().backend().equals("file");
        Dispatch streamed = new Dispatch(request -> CompletableFuture.completedFuture(streaming.handle(request)), localFiles);
        Dispatch rest = new Dispatch(request -> CompletableFuture.completedFuture(others.apply(request)), false);
        // each request's route is matched once, here: a streaming path is no API, webhook or console path
        Dispatch.Dispatcher dispatcher = request -> {
            String path = request.rawPath();
            if (LowLatencyOrigin.matches(path)) return lowLatency;
            return STREAMING_ROOT.matcher(path).lookingAt() ? streamed : rest;
        };
        this.http = HttpHost.dispatching("local", HttpLimits.from(settings), runtime.pushIngest(), dispatcher);
        this.https = settings.isSet(Setting.LIVEPIPE_HTTPS_PORT)
                ? HttpHost.dispatching("local-tls", HttpLimits.from(settings), runtime.pushIngest(), dispatcher) : null;
    }

    /**
     * The ARM face's path on the function routes, {@code /api/subscriptions/...}, for a request at
     * {@code /api/subscriptions/...} or at the site root {@code /subscriptions/...} (where ARM
     * itself has them), with repeated slashes collapsed (an SDK endpoint ending in '/' sends
     * {@code /api//subscriptions/...}); null for any other path.
     */
    static String armPath(String path) {
        if (!path.contains("ubscriptions/") && !path.contains("UBSCRIPTIONS/")) return null;
        String p = path.replaceAll("/{2,}", "/");
        String lower = p.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("/subscriptions/")) return "/api" + p;
        if (lower.startsWith("/api/subscriptions/")) return p;
        return null;
    }

    /** Loads {@code local.settings.json} (if present) with the environment over it. */
    public static Settings settingsFrom(Path localSettings) {
        return LocalSettingsFile.load(localSettings, System.getenv());
    }

    public void start() {
        // Recovery before serving: a health check that answers sees the stamps a crash lost already restored.
        int recovered = services.archive().reconcile(platform.media(), settings.get(Setting.LIVEPIPE_MEDIA_CONTAINER));
        if (recovered > 0) LOG.info(() -> "event=archive_reconciled assetsChanged=" + recovered);
        try {
            httpPort = http.start("0.0.0.0", settings.getInt(Setting.LIVEPIPE_HTTP_PORT));
            if (https != null) {
                httpsPort = https.start("0.0.0.0", settings.getInt(Setting.LIVEPIPE_HTTPS_PORT),
                        TlsCredentials.rtmps(settings, dataDir).serverContext());
            }
            rtmpPort = runtime.start("0.0.0.0", settings.getInt(Setting.LIVEPIPE_RTMP_PORT));
            rtmpsPort = runtime.startRtmps("0.0.0.0", settings.getInt(Setting.LIVEPIPE_RTMPS_PORT), TlsCredentials.rtmps(settings, dataDir));
            srtPort = runtime.startSrt("0.0.0.0", io.livepipe.channel.IngestEndpoints.srtPort(settings.get(Setting.LIVEPIPE_SRT_PORT)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        for (String name : host.timerFunctionNames()) {
            long every = TimerSchedule.periodSeconds(host.timerSchedule(name));
            runtime.timer().scheduleWithFixedDelay(() -> {
                if (!runtime.leases().runsGlobalTimers()) return; // another process on this data runs them
                try {
                    host.invokeTimer(name, "{\"isPastDue\":false}");
                } catch (Exception e) {
                    LOG.log(java.util.logging.Level.WARNING, "event=timer_failed function=" + name + " error=" + e.getClass().getSimpleName()
                            + " message=\"" + e.getMessage() + "\"", e);
                }
            }, every, every, java.util.concurrent.TimeUnit.SECONDS);
        }
        LOG.info(() -> "event=host_started httpPort=" + httpPort + " httpsPort=" + httpsPort + " rtmpPort=" + rtmpPort + " rtmpsPort=" + rtmpsPort + " srtPort=" + srtPort + " storage=" + platform.media().backend()
                + " functions=" + host.routes().size() + " dataDir=" + dataDir);
    }

    public int httpPort() { return httpPort; }

    public int rtmpPort() { return rtmpPort; }

    /** The bound HTTPS port, -1 when LIVEPIPE_HTTPS_PORT is not set. */
    public int httpsPort() { return httpsPort; }

    public int rtmpsPort() { return rtmpsPort; }

    /** The bound SRT port, -1 when SRT ingest is off or libsrt is missing. */
    public int srtPort() { return srtPort; }

    public String functionKey() { return functionKey; }

    public Platform platform() { return platform; }

    /** The LL-HLS origin of the local encoder (held requests, rings), for tests. */
    public io.livepipe.encoder.lowlatency.LowLatencyOrigin lowLatency() { return runtime.lowLatency(); }

    @Override
    public void close() {
        runtime.close();
        http.close();
        if (https != null) https.close();
        events.close();
    }

    /** One instance of each function class over the host's one service graph (shared caches). */
    private static List<Object> instantiate(ServiceGraph services) {
        List<Object> out = new ArrayList<>();
        for (Class<?> c : FunctionCatalog.classes()) {
            try {
                out.add(c.getConstructor(ServiceGraph.class).newInstance(services));
            } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(c.getName() + " needs a public constructor taking a ServiceGraph", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot create " + c.getName(), e.getCause());
            }
        }
        return out;
    }

    /**
     * The content protection secrets, when not configured: made once and kept owner-readable in
     * the data folder like the function key, so that restarts keep decrypting stored content keys
     * and accepting issued tokens. In Azure the same settings are required (FunctionsPlatform).
     */
    static Settings withLocalProtectionSecrets(Settings s, Path dataDir) {
        Settings out = s;
        if (!out.isSet(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY)) {
            out = out.with(Setting.LIVEPIPE_KEY_ENCRYPTION_KEY, persistedSecret(dataDir.resolve("key-encryption-key"), () -> {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                return Base64.getEncoder().encodeToString(k);
            }));
        }
        if (!out.isSet(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS)) {
            out = out.with(Setting.LIVEPIPE_TOKEN_SIGNING_KEYS, persistedSecret(dataDir.resolve("token-signing-keys.json"),
                    () -> {
                        byte[] kid = new byte[4];
                        new SecureRandom().nextBytes(kid);
                        return SigningKeys.generateEs256("local-" + HexFormat.of().formatHex(kid)).toSecretJson();
                    }));
        }
        return out;
    }

    /** The local function key: made once at random, kept owner-readable in the data folder, never logged. */
    private static String persistedKey(Path file) {
        return persistedSecret(file, () -> {
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            return HexFormat.of().formatHex(b);
        });
    }

    /** A secret read from {@code file}, or made and written there with mode 0600 (created so, never wider). */
    private static String persistedSecret(Path file, Supplier<String> make) {
        try {
            if (Files.isRegularFile(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
            Files.createDirectories(file.getParent());
            String secret = make.get();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own permissions apply
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a secret in " + file, e);
        }
    }
}
