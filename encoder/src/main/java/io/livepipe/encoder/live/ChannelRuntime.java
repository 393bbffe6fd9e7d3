package io.livepipe.encoder.live;

import io.livepipe.channel.ChannelService;
import io.livepipe.config.Setting;
import io.livepipe.config.Settings;
import io.livepipe.encoder.http.UploadRoute;
import io.livepipe.encoder.lowlatency.LowLatencyOrigin;
import io.livepipe.encoder.push.PushIngest;
import io.livepipe.encoder.push.PushLimits;
import io.livepipe.encoder.rtmp.RtmpLimits;
import io.livepipe.encoder.rtmp.RtmpServer;
import io.livepipe.encoder.tls.TlsCredentials;
import io.livepipe.encoder.srt.SrtLimits;
import io.livepipe.encoder.srt.SrtServer;
import io.livepipe.events.EventFactory;
import io.livepipe.events.EventPublisher;
import io.livepipe.events.livepipe.LiveEncoderFailed;
import io.livepipe.events.livepipe.LivepipeEventTypes;
import io.livepipe.events.media.MediaEventTypes;
import io.livepipe.platform.Platform;
import io.livepipe.platform.Services;
import io.livepipe.storage.Leases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The encoder service's core, wherever it is hosted (the container's {@code EncoderService}, or
 * the laptop's local platform): RTMP, RTMPS, SRT and HTTP push ingest (all into the same gate and sessions), the channel runtime with its heartbeat and state
 * timer, and the archive writer (pass-through, or the FFmpeg ladder) on one platform's stores
 * and events. A ladder that fails is reported as {@code Livepipe.LiveEncoderFailed}.
 */
public final class ChannelRuntime implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "channel-timer");
        t.setDaemon(true);
        return t;
    });
    private final ChannelLeases leases;
    private final ArchivingSink archive;
    private final LowLatencyOrigin lowLatency;
    private final ChannelIngest ingest;
    private final RtmpServer rtmp;
    private final PushIngest push;
    private final SrtLimits srtLimits;
    private SrtServer srt;

    /** On the replica name of the settings ({@link #replicaName}). */
    public ChannelRuntime(Platform platform) { this(platform, replicaName(platform.settings())); }

    /** On {@code replica}'s name in lease records, events and logs. */
    public ChannelRuntime(Platform platform, String replica) {
        ChannelService channels = Services.channels(platform);
        EventFactory factory = Services.eventFactory(platform);
        EventPublisher events = platform.events();
        this.leases = new ChannelLeases(platform.state(), replica, leaseDuration(platform.settings()),
                platform.clock()).start(timer);
        this.lowLatency = new LowLatencyOrigin(Services.locators(platform),
                new io.livepipe.streaming.LowLatencyProtection(Services.streamingKeys(platform), Services.publicBaseUrl(platform)), platform.clock(),
                partTarget(platform.settings()), platform.settings().getInt(Setting.LIVEPIPE_LL_RING_SEGMENTS), leases::holderOrigin);
        this.archive = new ArchivingSink(platform.media(), channels::findByName, "veryfast", (channel, run, code) ->
                events.publish(factory.create(MediaEventTypes.subject(channel), LivepipeEventTypes.LIVE_ENCODER_FAILED,
                        new LiveEncoderFailed(channel, run, code, true))), leases, lowLatency);
        this.ingest = new ChannelIngest(channels, events, factory, platform.clock(), archive, timer,
                ChannelIngest.HEARTBEAT, ChannelIngest.STATE_POLL, StageLimits.from(platform.settings()), leases);
        this.rtmp = new RtmpServer(ingest, RtmpLimits.from(platform.settings()));
        this.push = new PushIngest(ingest, PushLimits.defaults(), timer);
        this.srtLimits = SrtLimits.from(platform.settings());
    }

    /**
     * Binds SRT ingest on UDP {@code port} (0 picks a free one; negative: SRT off); returns the
     * bound port, or -1 when SRT is off or libsrt is not installed (logged; the rest runs).
     */
    public synchronized int startSrt(String host, int port) {
        if (port < 0) return -1;
        java.util.Optional<SrtServer> server = SrtServer.create(ingest, srtLimits);
        if (server.isEmpty()) return -1;
        try {
            int bound = server.get().start(host, port);
            srt = server.get();
            return bound;
        } catch (java.io.IOException e) {
            server.get().close();
            throw new IllegalStateException("SRT ingest could not bind UDP " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** HTTP push ingest ({@code /ingest/{streamKey}/...}), for the host's HTTP server to stream request bodies to. */
    public UploadRoute pushIngest() { return push; }

    /** Binds RTMP ingest; returns the bound port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException { return rtmp.start(host, port); }

    /** Binds RTMPS ingest with {@code tls}; returns the bound port (0 picks a free one). */
    public int startRtmps(String host, int port, TlsCredentials tls) throws InterruptedException {
        return rtmp.startTls(host, port, tls.serverContext());
    }

    /** The runtime's timer, which hosts may share for their own periodic work. */
    public ScheduledExecutorService timer() { return timer; }

    /** LIVEPIPE_REPLICA_NAME, else the host's name (a Container App replica's) with a random suffix, unique per process. */
    static String replicaName(Settings s) {
        if (s.isSet(Setting.LIVEPIPE_REPLICA_NAME)) return s.get(Setting.LIVEPIPE_REPLICA_NAME);
        String host = System.getenv().getOrDefault("CONTAINER_APP_REPLICA_NAME", System.getenv().getOrDefault("HOSTNAME", "encoder"));
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** LIVEPIPE_LEASE_DURATION as an ISO 8601 duration of 15 to 60 whole seconds; anything else refused by name. */
    static Duration leaseDuration(Settings s) {
        String v = s.get(Setting.LIVEPIPE_LEASE_DURATION);
        try {
            Duration d = Duration.parse(v);
            Leases.seconds(d);
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting LIVEPIPE_LEASE_DURATION must be an ISO 8601 duration of 15 to 60 whole seconds"
                    + " (Blob storage's lease limits), not " + v);
        }
    }

    /** Says where this replica's origin answers inside the deployment (lease records carry it to the other replicas). */
    public void advertiseOrigin(String originUrl) { leases.advertise(originUrl); }

    /** The LL-HLS origin of this runtime's low-latency channels ({@code /{locator}/ll/...}). */
    public LowLatencyOrigin lowLatency() { return lowLatency; }

    /** LIVEPIPE_LL_PART_TARGET: an ISO 8601 duration of 0.2 to 2 s. */
    static Duration partTarget(Settings s) {
        return s.getDuration(Setting.LIVEPIPE_LL_PART_TARGET, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** The channel leases of this replica, which also elect the one that runs deployment-wide timers. */
    public ChannelLeases leases() { return leases; }

    /** Channels with an encoder connected now. */
    public List<String> connectedChannels() { return ingest.connectedChannels(); }

    @Override
    public void close() {
        rtmp.close();
        push.close();
        synchronized (this) {
            if (srt != null) srt.close();
        }
        ingest.close();
        archive.close();
        lowLatency.close();
        leases.close();
        timer.shutdownNow();
    }
}
