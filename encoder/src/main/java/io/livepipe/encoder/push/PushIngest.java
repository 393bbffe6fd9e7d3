package io.livepipe.encoder.push;

import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import io.livepipe.encoder.http.UploadExchange;
import io.livepipe.encoder.http.UploadRoute;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.media.ResultCodes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * HTTP push ingest: {@code POST}/{@code PUT /ingest/{streamKey}/{name}} of fragmented MP4 — the
 * DASH-IF Live Media Ingest (Interface 1) CMAF init and media segments of each track, or FFmpeg's
 * Smooth ingest ({@code -f ismv}) long POST to {@code .../Streams(name)} — into the channel runtime
 * through the same {@link IngestGate} as RTMP. The first upload of a stream key asks the gate (off
 * the event loop; reading stops meanwhile, and uploads of the same key arriving at once wait for the
 * same decision); later uploads join the accepted publish. Manifests are taken and ignored,
 * {@code DELETE}s answered 204. Stream keys stay in memory: never in logs or events.
 */
public final class PushIngest implements UploadRoute, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PushIngest.class.getName());
    static final int GATE_THREADS = 4;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,300}");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "DELETE");

    private final IngestGate gate;
    private final PushLimits limits;
    private final Map<String, PushPublish> live = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Object>> deciding = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final ThreadPoolExecutor blocking = new ThreadPoolExecutor(GATE_THREADS, GATE_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256), r -> {
                Thread t = new Thread(r, "push-gate");
                t.setDaemon(true);
                return t;
            });
    private final ScheduledFuture<?> sweeper;

    /** {@code timer} ends publishes that went silent (checked every second). */
    public PushIngest(IngestGate gate, PushLimits limits, ScheduledExecutorService timer) {
        this.gate = gate;
        this.limits = limits;
        this.sweeper = timer.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public boolean takes(String method, String rawPath) { return rawPath.startsWith(PushPath.PREFIX) && METHODS.contains(method); }

    @Override
    public Upload open(HostRequest head, UploadExchange exchange) {
        PushPath path;
        try {
            path = PushPath.parse(head.rawPath());
        } catch (IllegalArgumentException e) {
            LOG.info(() -> "event=push_refused remote=" + exchange.remote() + " resultCode=" + ResultCodes.BAD_URL_SYNTAX);
            return answered(exchange, HostResponse.problem(400, e.getMessage() + " (" + ResultCodes.BAD_URL_SYNTAX + ")"));
        }
        if (head.method().equals("DELETE")) return answered(exchange, new HostResponse(204, Map.of("Cache-Control", "no-store"), new byte[0]));
        if (path.manifest()) return new Manifest(exchange, limits.maxManifestBytes(), () -> {
            PushPublish p = live.get(path.streamKey());
            if (p != null) p.endAnnounced();
        });
        PushUpload upload = new PushUpload(path, exchange, limits, this);
        PushPublish p = live.get(path.streamKey());
        if (p != null && p.attach(upload)) {
            upload.accepted(p);
            return upload;
        }
        PublishRequest request = new PublishRequest(path.streamKey(), path.streamName(), ingestUrl(head, exchange), exchange.remote(),
                exchange.localPort(), IngestInput.PRIMARY);
        // A publish is put live before its decision leaves `deciding`: checked here, atomically with that removal.
        CompletableFuture<Object> decision = deciding.compute(path.streamKey(), (k, pending) -> {
            if (pending != null && !pending.isDone()) return pending;
            PushPublish now = live.get(k);
            return now != null && !now.closed() ? CompletableFuture.completedFuture(now) : decide(k, request);
        });
        decision.whenComplete((result, error) -> {
            exchange.reading(true);
            if (result instanceof PushPublish accepted && accepted.attach(upload)) {
                upload.accepted(accepted);
            } else if (result instanceof PublishDecision.Refuse r) {
                upload.refused(r);
            } else {
                upload.refused(new PublishDecision.Refuse(ResultCodes.SERVICE_UNAVAILABLE, "the publish ended while this upload waited; retry"));
            }
        });
        return upload;
    }

    private CompletableFuture<Object> decide(String key, PublishRequest request) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        try {
            blocking.execute(() -> {
                Object result;
                try {
                    PublishDecision d = gate.authorize(request);
                    if (d instanceof PublishDecision.Accept a) {
                        String remote = String.valueOf(request.remote());
                        PushPublish[] self = {null};
                        PushPublish p = new PushPublish(a.session(), limits, remote, System::nanoTime, () -> live.remove(key, self[0]));
                        self[0] = p;
                        live.put(key, p);
                        p.start();
                        LOG.info(() -> "event=push_publish_started " + PublishSession.who(remote, a.session()));
                        result = p;
                    } else {
                        result = d;
                    }
                } catch (RuntimeException e) {
                    LOG.warning(() -> "event=push_gate_failed error=" + e.getClass().getSimpleName()
                            + " detail=\"" + e.getMessage() + "\"");
                    result = new PublishDecision.Refuse(ResultCodes.SERVICE_UNAVAILABLE, "ingest is not available; retry");
                }
                deciding.remove(key, f);
                f.complete(result);
            });
        } catch (RejectedExecutionException e) {
            f.complete(new PublishDecision.Refuse(ResultCodes.SERVICE_UNAVAILABLE, "ingest is busy; retry"));
            CompletableFuture.runAsync(() -> deciding.remove(key, f));
            return f;
        }
        return f;
    }

    /** The URL an encoder used, up to {@code /ingest} (events add nothing after it; the key never). */
    private static String ingestUrl(HostRequest head, UploadExchange exchange) {
        String host = head.header("host");
        if (host == null || !HOST.matcher(host).matches()) host = "host:" + exchange.localPort();
        return "http://" + host + "/ingest";
    }

    /** Counts {@code delta} bytes held by uploads; false (and nothing counted) when that would pass the total bound. */
    boolean hold(long delta) {
        if (delta <= 0) {
            held.addAndGet(delta);
            return true;
        }
        long after = held.addAndGet(delta);
        if (after > limits.maxHeldBytesTotal()) {
            held.addAndGet(-delta);
            return false;
        }
        return true;
    }

    /** Bytes all uploads hold now for boxes still arriving. */
    public long heldBytes() { return held.get(); }

    /** Publishes accepted and not ended. */
    public int publishes() { return live.size(); }

    private void sweep() {
        long idle = limits.sessionIdle().toNanos();
        for (PushPublish p : live.values()) {
            if (p.idleLongerThan(idle)) p.close(ResultCodes.S_OK);
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        live.values().forEach(p -> p.close(ResultCodes.CLIENT_TERMINATED_SESSION));
        blocking.shutdownNow();
    }

    private static Upload answered(UploadExchange exchange, HostResponse response) {
        exchange.answer(response);
        return new Discard();
    }

    /**
     * A sender's manifest: read within its bound, answered 200 and otherwise ignored (livepipe
     * makes its own), except that one saying the presentation ended (an MPD of type static, a
     * playlist with EXT-X-ENDLIST) ends the key's publish once its uploads are done.
     */
    private static final class Manifest implements Upload {
        private static final Pattern ENDED = Pattern.compile("<MPD[^>]*\\stype=\"static\"|#EXT-X-ENDLIST");
        private final UploadExchange exchange;
        private final int max;
        private final Runnable ended;
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private boolean answered;

        Manifest(UploadExchange exchange, int max, Runnable ended) {
            this.exchange = exchange;
            this.max = max;
            this.ended = ended;
        }

        @Override
        public void data(byte[] b) {
            if (answered) return;
            if (body.size() + b.length > max) {
                answered = true;
                exchange.answer(HostResponse.problem(413, "a manifest of more than " + max + " bytes"));
                return;
            }
            body.writeBytes(b);
        }

        @Override
        public void end() {
            if (answered) return;
            answered = true;
            exchange.answer(new HostResponse(200, Map.of("Cache-Control", "no-store"), new byte[0]));
            if (ENDED.matcher(body.toString(java.nio.charset.StandardCharsets.UTF_8)).find()) ended.run();
        }

        @Override
        public void aborted() { }
    }

    /** A request already answered: whatever body follows is dropped. */
    private static final class Discard implements Upload {
        @Override
        public void data(byte[] b) { }

        @Override
        public void end() { }

        @Override
        public void aborted() { }
    }
}
