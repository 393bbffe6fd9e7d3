package io.livepipe.encoder.srt;

import com.sun.jna.Memory;
import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.events.media.SrtStatistics;
import io.livepipe.media.ts.TsDemuxer;
import io.livepipe.media.ts.TsEvent;
import io.livepipe.media.ts.TsException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One accepted SRT caller: its transport stream demuxed into the accepted {@link PublishSession}
 * on the receive thread, in order. Reading is the receive thread's epoll membership, so
 * {@link #reading(boolean) reading(false)} takes the socket out of it: libsrt then holds what
 * arrives for the latency and drops what comes too late (SRT live mode has no back-pressure),
 * which the demuxer reports as discontinuities. The stream key is never logged.
 */
final class SrtConnection implements IngestConnection {
    private static final Logger LOG = Logger.getLogger(SrtConnection.class.getName());

    final int socket;
    final PublishRequest request;
    final String remote;
    private final SrtServer server;
    private final TsDemuxer demuxer;
    private final Memory perf = new Memory(LibSrt.PERF_SIZE);
    private final long acceptedNanos = System.nanoTime();
    private volatile PublishSession session;
    /** The accepted publish's channel, for log lines (kept after the session ended). */
    private volatile String channel = "";
    private volatile boolean closed;
    private volatile long lastSampleNanos;
    private boolean pausedByStage;
    private long samples;
    private long bytes;

    SrtConnection(int socket, PublishRequest request, SrtServer server, SrtLimits limits) {
        this.socket = socket;
        this.request = request;
        this.remote = request.remote().getAddress().getHostAddress() + ":" + request.remote().getPort();
        this.server = server;
        this.demuxer = new TsDemuxer(limits.ts());
    }

    /** The gate accepted: from now on the receive thread delivers to {@code s}. */
    void publishing(PublishSession s) {
        session = s;
        channel = s.channelName();
        s.onStart(this);
        LOG.info(() -> "event=srt_publish_started " + who() + " input=" + request.input().wireName());
        server.watch(this);
    }

    private String who() { return "remote=" + remote + (channel.isEmpty() ? "" : " channel=" + channel); }

    boolean publishing() { return session != null && !closed; }

    /** On the receive thread: one SRT message (usually seven TS packets). */
    void received(byte[] buffer, int length) {
        PublishSession s = session;
        if (s == null || closed) return;
        bytes += length;
        List<TsEvent> events;
        try {
            events = demuxer.feed(buffer, 0, length);
        } catch (TsException e) {
            close("malformed_ts", ResultCodes.MALFORMED_TS, e.getMessage());
            return;
        }
        deliver(s, events);
    }

    private void deliver(PublishSession s, List<TsEvent> events) {
        for (TsEvent e : events) {
            if (closed) return;
            if (e instanceof TsEvent.Config c) {
                s.onCodecConfig(c.config());
            } else if (e instanceof TsEvent.Sample m) {
                samples++;
                lastSampleNanos = System.nanoTime();
                s.onSample(m.sample());
            } else if (e instanceof TsEvent.Discontinuity d) {
                LOG.info(() -> "event=srt_ts_discontinuity " + who() + " track=" + d.type().wireName() + " pid=" + d.pid()
                        + " expectedCounter=" + d.expectedCounter() + " foundCounter=" + d.foundCounter());
                s.onDiscontinuity(d.type());
            } else if (e instanceof TsEvent.Unsupported u) {
                s.onUnsupportedCodec(u.type(), u.codec());
                close("unsupported_codec", ResultCodes.CODEC_NOT_SUPPORTED, u.codec());
            } else if (e instanceof TsEvent.PcrIrregular p) {
                LOG.fine(() -> "event=srt_ts_pcr_irregular " + who() + " pid=" + p.pid());
            }
        }
    }

    /** On the receive thread, every timer tick: the first sample and then some media must come in time. */
    void checkTimeouts(long now, SrtLimits limits) {
        if (!publishing() || pausedByStage) return;
        if (samples == 0 && now - acceptedNanos > limits.firstMediaTimeout().toNanos()) {
            close("no_media", ResultCodes.DESCRIPTION_INFO_NOT_RECEIVED, "no H.264 or AAC sample within " + limits.firstMediaTimeout());
        } else if (samples > 0 && now - lastSampleNanos > limits.idleTimeout().toNanos()) {
            close("idle", ResultCodes.SESSION_IDLE_TIMEOUT, "no sample for " + limits.idleTimeout());
        }
    }

    /** The caller went away (or the link broke): what the demuxer holds is delivered, then the session ends. */
    void lost() {
        PublishSession s = session;
        if (s != null && !closed) {
            try {
                deliver(s, demuxer.flush());
            } catch (TsException e) {
                LOG.fine(() -> "event=srt_ts_flush_failed " + who());
            }
        }
        close("caller_closed", ResultCodes.CLIENT_TERMINATED_SESSION, null);
    }

    @Override
    public void close(String resultCode) { server.onReceiveThread(() -> close("closed_by_channel", resultCode, null)); }

    void close(String reason, String resultCode, String detail) {
        if (closed) return;
        closed = true;
        LOG.info(() -> "event=srt_connection_closed " + who() + " reason=" + reason + " resultCode=" + resultCode
                + " bytes=" + bytes + " samples=" + samples
                + (detail == null ? "" : " detail=\"" + detail.replace('"', '\'') + "\""));
        server.forget(this);
        PublishSession s = session;
        session = null;
        if (s != null) {
            try {
                s.onClosed(resultCode);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=srt_session_close_failed " + who(), e);
            }
        }
    }

    @Override
    public void reading(boolean on) {
        server.onReceiveThread(() -> {
            if (!publishing() || pausedByStage == !on) return;
            pausedByStage = !on;
            if (on) server.watch(this); else server.unwatch(this);
            LOG.fine(() -> "event=srt_reading " + who() + " on=" + on);
        });
    }

    /** libsrt's receiving-side figures for this link; null once it is gone. */
    @Override
    public synchronized SrtStatistics statistics() {
        if (closed || LibSrt.srt_bstats(socket, perf, 0) != 0) return null;
        return new SrtStatistics(perf.getDouble(LibSrt.PERF_MS_RTT), perf.getLong(LibSrt.PERF_PKT_RECV_TOTAL),
                perf.getInt(LibSrt.PERF_PKT_RCV_LOSS_TOTAL), perf.getInt(LibSrt.PERF_PKT_RCV_RETRANS),
                perf.getInt(LibSrt.PERF_PKT_RCV_DROP_TOTAL), perf.getDouble(LibSrt.PERF_MBPS_RECV_RATE),
                perf.getInt(LibSrt.PERF_MS_RCV_TSBPD_DELAY));
    }
}
