package io.livepipe.encoder.srt;

import io.livepipe.encoder.publish.Admission;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.events.media.ResultCodes;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The handshake-time decisions of the SRT listener: the stream id's syntax, the connection cap,
 * a rate bound on stream-key look-ups (they run while libsrt's receive thread waits, bounded by
 * {@link SrtLimits#admissionTimeout()}), and the gate's {@linkplain IngestGate#admit admission},
 * mapped onto SRT reject reasons (access_control.h). What an admitted handshake needs after
 * accept (its request, whether it must be encrypted) waits here, keyed by its socket, until
 * accepted or expired.
 */
final class SrtAdmissions {
    private static final Logger LOG = Logger.getLogger(SrtAdmissions.class.getName());
    /** A handshake admitted but not accepted within this failed (for example on the caller's side). */
    static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * After an admission timed out (the store is not answering), handshakes are refused at once
     * for this long, so that libsrt's receive thread, which every caller on the port shares, is
     * not held 2 s per handshake.
     */
    static final long BACK_OFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** The callback's answer: a reject reason (0: accept) and the passphrase to set. */
    record Verdict(int rejectReason, String passphrase) {
        @Override
        public String toString() { return "Verdict[rejectReason=" + rejectReason + "]"; }
    }

    /** An admitted handshake, until its socket is accepted. */
    record Admitted(PublishRequest request, boolean encrypted, long atNanos) { }

    private final IngestGate gate;
    private final SrtLimits limits;
    private final ExecutorService gateThreads;
    private final LongSupplier nanos;
    private final Map<Integer, Admitted> pending = new ConcurrentHashMap<>();
    private volatile int localPort;
    /** Until when handshakes are refused after an admission timed out (a nanoTime; at start, now: none). */
    private volatile long unavailableUntil;
    private long windowStart;
    private int inWindow;

    SrtAdmissions(IngestGate gate, SrtLimits limits, ExecutorService gateThreads, LongSupplier nanos) {
        this.gate = gate;
        this.limits = limits;
        this.gateThreads = gateThreads;
        this.nanos = nanos;
        this.unavailableUntil = nanos.getAsLong();
    }

    void localPort(int port) { this.localPort = port; }

    /** On libsrt's thread, for the new socket {@code ns}. */
    Verdict handshake(int ns, InetSocketAddress remote, String streamId, int connections) {
        String ip = remote.getAddress().getHostAddress();
        if (connections + pending.size() >= limits.maxConnections()) return refuse(ip, LibSrt.REJX_OVERLOAD, "too_many_connections");
        SrtStreamId id;
        try {
            id = SrtStreamId.parse(streamId);
        } catch (SrtStreamId.Invalid e) {
            // as RTMP's MPE_BAD_URL_SYNTAX: no channel is known, so only logged
            LOG.info(() -> "event=srt_publish_refused remote=" + ip + " resultCode=" + ResultCodes.BAD_URL_SYNTAX
                    + " rejectReason=" + e.rejectReason + " detail=\"" + e.getMessage() + "\"");
            return new Verdict(e.rejectReason, null);
        }
        if (!withinRate()) return refuse(ip, LibSrt.REJX_OVERLOAD, "too_many_handshakes");
        if (nanos.getAsLong() - unavailableUntil < 0) return refuse(ip, LibSrt.REJX_DOWN, "admission_backing_off");
        PublishRequest request = SrtServer.request(id, remote, localPort);
        Admission a;
        Future<Admission> f = gateThreads.submit(() -> gate.admit(request));
        try {
            a = f.get(limits.admissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            f.cancel(true);
            unavailableUntil = nanos.getAsLong() + BACK_OFF_NANOS;
            return refuse(ip, LibSrt.REJX_DOWN, "admission_unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refuse(ip, LibSrt.REJX_DOWN, "interrupted");
        }
        if (a instanceof Admission.Refuse r) {
            LOG.info(() -> "event=srt_publish_refused remote=" + ip + " resultCode=" + r.resultCode());
            return new Verdict(rejectReason(r.resultCode()), null);
        }
        String passphrase = ((Admission.Admit) a).passphrase();
        pending.put(ns, new Admitted(request, passphrase != null, nanos.getAsLong()));
        return new Verdict(0, passphrase);
    }

    private static Verdict refuse(String ip, int reason, String why) {
        LOG.info(() -> "event=srt_handshake_refused remote=" + ip + " reason=" + why + " rejectReason=" + reason);
        return new Verdict(reason, null);
    }

    private synchronized boolean withinRate() {
        long now = nanos.getAsLong();
        if (now - windowStart > TimeUnit.SECONDS.toNanos(1)) {
            windowStart = now;
            inWindow = 0;
        }
        return ++inWindow <= limits.maxAdmissionsPerSecond();
    }

    /** The Media Services result code as the SRT reject reason a caller is told (access_control.h). */
    static int rejectReason(String resultCode) {
        return switch (resultCode) {
            case ResultCodes.APPID_AUTH_FAILURE -> LibSrt.REJX_UNAUTHORIZED;
            case ResultCodes.CHANNEL_NOT_RUNNING -> LibSrt.REJX_NOTFOUND;
            case ResultCodes.CONNECTION_DENIED -> LibSrt.REJX_FORBIDDEN;
            case ResultCodes.ALREADY_PUBLISHING -> LibSrt.REJX_CONFLICT;
            case ResultCodes.SERVICE_UNAVAILABLE -> LibSrt.REJX_DOWN;
            default -> LibSrt.REJX_FORBIDDEN;
        };
    }

    /** What admission knew of the accepted socket; null if it was never admitted (or expired). */
    Admitted take(int socket) { return pending.remove(socket); }

    /** Forgets handshakes admitted but never accepted. */
    void expire() {
        long now = nanos.getAsLong();
        pending.values().removeIf(a -> now - a.atNanos() > PENDING_NANOS);
    }
}
