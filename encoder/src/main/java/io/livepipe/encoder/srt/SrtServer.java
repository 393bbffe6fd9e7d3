package io.livepipe.encoder.srt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.events.media.ResultCodes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SRT ingest listener on libsrt: one UDP port for every channel. A caller's stream id names
 * the channel's stream key ({@link SrtStreamId}); libsrt's listener callback asks the gate's
 * {@link IngestGate#admit admission} during the handshake and refuses with an SRT reject reason
 * (and the gate's ConnectionRejected event), or sets the channel's passphrase on the new socket.
 * Accepted sockets are checked for the right encryption state, authorized by the gate on a gate
 * thread, then read by one receive thread (epoll) that feeds each caller's demuxer; nothing of
 * this runs on Netty's threads. {@link #create} returns empty, with one log line, when libsrt is
 * not installed: the rest of the platform runs without SRT.
 */
public final class SrtServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SrtServer.class.getName());
    static final int GATE_THREADS = 4;
    static final long TICK_MS = 100;

    private final IngestGate gate;
    private final SrtLimits limits;
    private final SrtAdmissions admissions;
    private final ExecutorService gateThreads = Executors.newFixedThreadPool(GATE_THREADS, r -> daemon(r, "srt-gate"));
    private final Map<Integer, SrtConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LibSrt.ListenCallback callback = this::handshake; // held: JNA must not lose it to GC
    /** The receive thread's message buffer. */
    private final byte[] buffer = new byte[SrtLimits.MAX_MESSAGE];
    private volatile boolean running;
    private int listener = LibSrt.SRT_INVALID_SOCK;
    private int epoll = -1;
    private Thread receiver;

    private SrtServer(IngestGate gate, SrtLimits limits) {
        this.gate = gate;
        this.limits = limits;
        this.admissions = new SrtAdmissions(gate, limits, gateThreads, System::nanoTime);
    }

    /** A server on libsrt, or empty (logged once) when neither of Debian's libsrt packages is installed. */
    public static Optional<SrtServer> create(IngestGate gate, SrtLimits limits) {
        if (LibSrt.load().isEmpty()) {
            LOG.warning(() -> "event=srt_unavailable reason=library_missing tried=" + String.join(",", LibSrt.LIBRARIES)
                    + " action=srt_ingest_off hint=\"apt-get install libsrt1.5-openssl\"");
            return Optional.empty();
        }
        return Optional.of(new SrtServer(gate, limits));
    }

    /** Binds the UDP port (0 picks a free one) and starts receiving; returns the bound port. */
    public synchronized int start(String host, int port) throws java.io.IOException {
        listener = LibSrt.srt_create_socket();
        if (listener == LibSrt.SRT_INVALID_SOCK) throw failure("srt_create_socket");
        LibSrt.setInt(listener, LibSrt.SRTO_TRANSTYPE, LibSrt.SRTT_LIVE);
        LibSrt.setInt(listener, LibSrt.SRTO_RCVSYN, 0);
        LibSrt.setInt(listener, LibSrt.SRTO_RCVLATENCY, (int) limits.latency().toMillis());
        // Encryption is checked by us after accept, so that a wrong passphrase is seen here and refused with its event.
        LibSrt.setInt(listener, LibSrt.SRTO_ENFORCEDENCRYPTION, 0);
        byte[] address = SockAddr.encode(new InetSocketAddress(InetAddress.getByName(host), port));
        if (LibSrt.srt_bind(listener, address, address.length) != 0) throw failure("srt_bind " + host + ":" + port);
        if (LibSrt.srt_listen_callback(listener, callback, Pointer.NULL) != 0) throw failure("srt_listen_callback");
        if (LibSrt.srt_listen(listener, 64) != 0) throw failure("srt_listen");
        byte[] bound = new byte[SockAddr.SIZE];
        LibSrt.srt_getsockname(listener, bound, new int[] {bound.length});
        int boundPort = SockAddr.decode(bound).getPort();
        admissions.localPort(boundPort);
        epoll = LibSrt.srt_epoll_create();
        LibSrt.srt_epoll_add_usock(epoll, listener, new int[] {LibSrt.EPOLL_IN | LibSrt.EPOLL_ERR});
        running = true;
        receiver = daemon(this::receive, "srt-receive");
        receiver.start();
        LOG.info(() -> "event=srt_listening port=" + boundPort + " latencyMs=" + limits.latency().toMillis());
        return boundPort;
    }

    private static java.io.IOException failure(String what) {
        return new java.io.IOException(what + " failed: " + LibSrt.srt_getlasterror_str());
    }

    /** libsrt's listener callback, on libsrt's receive thread, before the handshake is answered. Never throws. */
    private int handshake(Pointer opaque, int ns, int hsVersion, Pointer peer, String streamId) {
        try {
            InetSocketAddress remote = SockAddr.decode(peer);
            SrtAdmissions.Verdict v = admissions.handshake(ns, remote, streamId, connections.size());
            if (v.rejectReason() != 0) {
                LibSrt.srt_setrejectreason(ns, v.rejectReason());
                return -1;
            }
            if (v.passphrase() != null && !LibSrt.setString(ns, LibSrt.SRTO_PASSPHRASE, v.passphrase())) {
                LOG.warning(() -> "event=srt_passphrase_refused_by_libsrt remote=" + remote.getAddress().getHostAddress());
                LibSrt.srt_setrejectreason(ns, LibSrt.REJX_DOWN);
                return -1;
            }
            return 0;
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "event=srt_handshake_failed", t);
            LibSrt.srt_setrejectreason(ns, LibSrt.REJX_DOWN);
            return -1;
        }
    }

    /** The receive thread: accepts, reads every publishing socket, runs queued work and the timeouts. */
    private void receive() {
        Memory events = new Memory(8L * 64);
        long lastTick = System.nanoTime();
        while (running) {
            int n = LibSrt.srt_epoll_uwait(epoll, events, 64, TICK_MS);
            for (int i = 0; i < n; i++) {
                int sock = events.getInt(8L * i);
                int flags = events.getInt(8L * i + 4);
                if (sock == listener) {
                    acceptOne();
                } else {
                    SrtConnection c = connections.get(sock);
                    if (c != null) read(c, (flags & LibSrt.EPOLL_ERR) != 0);
                }
            }
            for (Runnable r; (r = tasks.poll()) != null; ) r.run();
            long now = System.nanoTime();
            if (now - lastTick > TimeUnit.MILLISECONDS.toNanos(500)) {
                lastTick = now;
                for (SrtConnection c : connections.values()) c.checkTimeouts(now, limits);
                admissions.expire();
            }
        }
    }

    private void read(SrtConnection c, boolean error) {
        for (int reads = 0; reads < 256 && c.publishing(); reads++) {
            int n = LibSrt.srt_recvmsg(c.socket, buffer, buffer.length);
            if (n > 0) {
                c.received(buffer, n);
                continue;
            }
            int code = LibSrt.srt_getlasterror(Pointer.NULL);
            if (n < 0 && code == LibSrt.EASYNCRCV && !error) return;
            c.lost();
            return;
        }
    }

    /** One accept per readiness: the epoll is level-triggered, so another pending socket wakes it again (and libsrt logs an empty accept as an error). */
    private void acceptOne() {
        byte[] address = new byte[SockAddr.SIZE];
        int sock = LibSrt.srt_accept(listener, address, new int[] {address.length});
        if (sock != LibSrt.SRT_INVALID_SOCK) accepted(sock);
    }

    /** A completed handshake: checked against what admission knew, then authorized off this thread. */
    private void accepted(int sock) {
        SrtAdmissions.Admitted a = admissions.take(sock);
        if (a == null) {
            LibSrt.srt_close(sock);
            return;
        }
        PublishRequest request = a.request();
        String ip = request.remote().getAddress().getHostAddress();
        int km = LibSrt.getInt(sock, LibSrt.SRTO_RCVKMSTATE);
        boolean ok = a.encrypted() ? km == LibSrt.KM_SECURED : km == LibSrt.KM_UNSECURED;
        if (!ok) {
            String reason = a.encrypted() ? "wrong or missing SRT passphrase (km_state=" + km + ")" : "caller encrypts but the channel has no SRT passphrase";
            LOG.info(() -> "event=srt_publish_refused remote=" + ip + " resultCode=" + ResultCodes.APPID_AUTH_FAILURE + " reason=\"" + reason + "\"");
            LibSrt.srt_close(sock);
            gateThreads.execute(() -> gate.refused(request, ResultCodes.APPID_AUTH_FAILURE));
            return;
        }
        SrtConnection c = new SrtConnection(sock, request, this, limits);
        connections.put(sock, c);
        gateThreads.execute(() -> {
            PublishDecision d;
            try {
                d = gate.authorize(request);
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=srt_gate_failed remote=" + ip + " error=" + e.getClass().getSimpleName()
                        + " detail=\"" + e.getMessage() + "\"");
                d = new PublishDecision.Refuse(ResultCodes.SERVICE_UNAVAILABLE, "ingest is not available; retry");
            }
            PublishDecision decision = d;
            onReceiveThread(() -> decided(c, decision));
        });
    }

    private void decided(SrtConnection c, PublishDecision d) {
        if (d instanceof PublishDecision.Accept accept) {
            if (!connections.containsKey(c.socket)) {
                accept.session().onClosed(ResultCodes.CLIENT_TERMINATED_SESSION);
                return;
            }
            c.publishing(accept.session());
        } else if (d instanceof PublishDecision.Refuse r) {
            LOG.info(() -> "event=srt_publish_refused remote=" + c.remote + " resultCode=" + r.resultCode());
            c.close("refused", r.resultCode(), r.reason());
        }
    }

    /** Runs {@code r} on the receive thread, after what it is doing now. */
    void onReceiveThread(Runnable r) { tasks.add(r); }

    /**
     * Reads {@code c} from now on, starting with what libsrt already holds: what arrived before the
     * socket joined the epoll (while the gate decided, or while reading was paused) signals no
     * readiness of its own.
     */
    void watch(SrtConnection c) {
        LibSrt.srt_epoll_add_usock(epoll, c.socket, new int[] {LibSrt.EPOLL_IN | LibSrt.EPOLL_ERR});
        onReceiveThread(() -> read(c, false));
    }

    void unwatch(SrtConnection c) { LibSrt.srt_epoll_remove_usock(epoll, c.socket); }

    /** The connection is done: out of the epoll and closed. */
    void forget(SrtConnection c) {
        if (connections.remove(c.socket, c)) {
            LibSrt.srt_epoll_remove_usock(epoll, c.socket);
            LibSrt.srt_close(c.socket);
        }
    }

    /** Callers connected now (publishing or being authorized). */
    public int connections() { return connections.size(); }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SrtConnection c : connections.values()) c.close("server_closed", ResultCodes.SERVICE_UNAVAILABLE, null);
        LibSrt.srt_close(listener);
        LibSrt.srt_epoll_release(epoll);
        gateThreads.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static PublishRequest request(SrtStreamId id, InetSocketAddress remote, int localPort) {
        return new PublishRequest(id.streamKey(), id.streamName(), "srt://host:" + localPort + "/" + (id.backup() ? "backup" : "live"),
                remote, localPort, id.backup() ? IngestInput.BACKUP : IngestInput.PRIMARY);
    }
}
