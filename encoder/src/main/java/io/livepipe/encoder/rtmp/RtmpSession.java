package io.livepipe.encoder.rtmp;

import io.livepipe.encoder.publish.IngestConnection;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.IngestInput;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.media.amf.Amf0;
import io.livepipe.media.amf.AmfException;
import io.livepipe.media.flv.FlvException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One RTMP connection after the byte layer: the NetConnection and NetStream commands of a
 * publisher (connect, releaseStream, FCPublish, createStream, publish, @setDataFrame,
 * FCUnpublish, deleteStream, closeStream), acknowledgements, and FLV audio/video bodies turned
 * into samples for the accepted {@link PublishSession} (by {@link RtmpMedia}). The gate is asked off the event loop
 * (it may read storage); reading stops meanwhile, and media already read waits in order, within
 * the budget before publish. A connection whose publish is not accepted within
 * {@code publishTimeout} is closed, and so is one holding a message open past
 * {@code messageTimeout} (checked when the earliest deadline runs out).
 */
final class RtmpSession extends SimpleChannelInboundHandler<RtmpMessage> {
    private static final Logger LOG = Logger.getLogger(RtmpSession.class.getName());
    static final int OUT_CHUNK_SIZE = 4096;
    static final int WINDOW = 5_000_000;
    static final int CSID_CONTROL = 2;
    static final int CSID_COMMAND = 3;
    static final int STREAM_ID = 1;

    /** The soonest a deadline check runs again: a message exactly at its deadline is cut this much later. */
    private static final long MIN_DEADLINE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private enum Phase { NEW, CONNECTED, AUTHORIZING, PUBLISHING, CLOSED }

    private final IngestGate gate;
    private final Executor blocking;
    private final RtmpLimits limits;
    private final RtmpDecoder decoder;
    private final RtmpChunkWriter encoder;
    private Phase phase = Phase.NEW;
    private String app = "";
    private String tcUrl = "";
    private PublishSession session;
    private final RtmpMedia media;
    private boolean everPublished;
    /** Reading is stopped because the channel's stage is full: no idle timeout meanwhile, it is ours. */
    private boolean pausedByStage;
    private long peerWindow = 2_500_000;
    private long lastAck;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> publishTimer;
    private ScheduledFuture<?> deadlineTimer;
    private String remote = "?";
    /** The accepted publish's session, kept for its channel's name in log lines after it ended. */
    private PublishSession accepted;

    RtmpSession(IngestGate gate, Executor blocking, RtmpLimits limits, RtmpDecoder decoder, RtmpChunkWriter encoder) {
        this.gate = gate;
        this.blocking = blocking;
        this.limits = limits;
        this.decoder = decoder;
        this.encoder = encoder;
        this.media = new RtmpMedia(limits);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = String.valueOf(ctx.channel().remoteAddress());
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!decoder.handshakeDone()) close(ctx, "handshake_timeout", null);
        }, limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        publishTimer = ctx.executor().schedule(() -> {
            if (!everPublished) close(ctx, "publish_timeout", null, "no publish accepted within " + limits.publishTimeout());
        }, limits.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        armDeadlineCheck(ctx);
        ctx.fireChannelActive();
    }

    /**
     * Checks the message deadlines when the earliest can run out, then again at the next: one
     * wake-up per message timeout on a steady connection, none per period (a trickle is also cut
     * when its bytes arrive: the decoder checks on every read).
     */
    private void armDeadlineCheck(ChannelHandlerContext ctx) {
        long delay = Math.max(MIN_DEADLINE_CHECK_NANOS, decoder.nanosToNextDeadline());
        deadlineTimer = ctx.executor().schedule(() -> {
            if (phase == Phase.CLOSED && !ctx.channel().isActive()) return;
            try {
                decoder.checkDeadlines();
            } catch (RtmpProtocolException e) {
                close(ctx, "protocol_error", ResultCodes.PROTOCOL_ERROR, e.getMessage());
                return;
            }
            armDeadlineCheck(ctx);
        }, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {handshakeTimer, publishTimer, deadlineTimer}) {
            if (t != null) t.cancel(false);
        }
        finish(ResultCodes.CLIENT_TERMINATED_SESSION);
        phase = Phase.CLOSED;
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage m) {
        if (phase == Phase.CLOSED) return;
        if (decoder.bytesReceived() - lastAck >= peerWindow) {
            lastAck = decoder.bytesReceived();
            write(ctx, CSID_CONTROL, RtmpMessage.ACK, 0, u32((int) lastAck));
        }
        switch (m.type()) {
            case RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.ABORT, RtmpMessage.ACK, RtmpMessage.SET_PEER_BANDWIDTH -> { }
            case RtmpMessage.WINDOW_ACK_SIZE -> {
                if (m.payload().length >= 4) peerWindow = Math.max(1, u32(m.payload()) & 0xffffffffL);
            }
            case RtmpMessage.USER_CONTROL -> userControl(ctx, m);
            case RtmpMessage.COMMAND_AMF0 -> command(ctx, m, Amf0.decodeAll(m.payload()));
            case RtmpMessage.COMMAND_AMF3 -> command(ctx, m, Amf0.decodeAll(RtmpMedia.skipFirst(m.payload())));
            case RtmpMessage.DATA_AMF0, RtmpMessage.DATA_AMF3, RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(ctx, m);
            default -> LOG.fine(() -> "event=rtmp_message_ignored type=" + m.type() + " " + who());
        }
    }

    private void userControl(ChannelHandlerContext ctx, RtmpMessage m) {
        byte[] p = m.payload();
        if (p.length >= 6 && p[0] == 0 && p[1] == 6) {
            byte[] pong = java.util.Arrays.copyOf(p, 6);
            pong[1] = 7;
            write(ctx, CSID_CONTROL, RtmpMessage.USER_CONTROL, 0, pong);
        }
    }

    private void command(ChannelHandlerContext ctx, RtmpMessage m, List<Object> values) {
        if (values.isEmpty() || !(values.get(0) instanceof String name)) throw new RtmpProtocolException("command without a name");
        double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "connect" -> connect(ctx, txn, values.size() > 2 ? values.get(2) : null);
            case "releaseStream", "FCPublish", "FCUnpublish" -> {
                if (name.equals("FCUnpublish")) {
                    finish(ResultCodes.S_OK);
                    return;
                }
                if (txn != 0) result(ctx, txn, null, Amf0.UNDEFINED);
            }
            case "createStream" -> result(ctx, txn, null, (double) STREAM_ID);
            case "publish" -> publish(ctx, m.streamId(), values.size() > 3 && values.get(3) instanceof String s ? s : null);
            case "deleteStream", "closeStream" -> finish(ResultCodes.S_OK);
            case "_checkbw", "getStreamLength", "_result", "_error", "onBWDone" -> { }
            default -> {
                if (txn != 0) write(ctx, CSID_COMMAND, RtmpMessage.COMMAND_AMF0, 0, Amf0.encode("_error", txn, null,
                        status("error", "NetConnection.Call.Failed", "unknown method " + name)));
            }
        }
    }

    private void connect(ChannelHandlerContext ctx, double txn, Object props) {
        if (phase != Phase.NEW) throw new RtmpProtocolException("connect twice");
        if (props instanceof Map<?, ?> p) {
            app = String.valueOf(p.get("app") == null ? "" : p.get("app"));
            tcUrl = String.valueOf(p.get("tcUrl") == null ? "" : p.get("tcUrl"));
        }
        phase = Phase.CONNECTED;
        write(ctx, CSID_CONTROL, RtmpMessage.WINDOW_ACK_SIZE, 0, u32(WINDOW));
        write(ctx, CSID_CONTROL, RtmpMessage.SET_PEER_BANDWIDTH, 0, new byte[] {0, 0x4c, 0x4b, 0x40, 2});
        write(ctx, CSID_CONTROL, RtmpMessage.SET_CHUNK_SIZE, 0, u32(OUT_CHUNK_SIZE));
        encoder.chunkSize(OUT_CHUNK_SIZE);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("fmsVer", "FMS/3,5,7,7009");
        server.put("capabilities", 31.0);
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", 0.0);
        result(ctx, txn, server, info);
    }

    private void publish(ChannelHandlerContext ctx, int streamId, String publishName) {
        if (phase != Phase.CONNECTED) throw new RtmpProtocolException("publish before connect or twice");
        IngestPath path;
        try {
            path = IngestPath.parse(app, publishName);
        } catch (IllegalArgumentException e) {
            refuse(ctx, streamId, ResultCodes.BAD_URL_SYNTAX, e.getMessage());
            return;
        }
        phase = Phase.AUTHORIZING;
        // Media needs no reading until the gate has spoken: the peer's bytes wait in TCP, not here.
        ctx.channel().config().setAutoRead(false);
        InetSocketAddress remoteAddress = (InetSocketAddress) ctx.channel().remoteAddress();
        int localPort = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
        PublishRequest request = new PublishRequest(path.streamKey(), path.streamName(),
                ingestUrl(localPort), remoteAddress, localPort, path.backup() ? IngestInput.BACKUP : IngestInput.PRIMARY);
        blocking.execute(() -> {
            PublishDecision d;
            try {
                d = gate.authorize(request);
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=rtmp_gate_failed " + who() + " error=" + e.getClass().getSimpleName()
                        + " detail=\"" + e.getMessage() + "\"");
                d = new PublishDecision.Refuse(ResultCodes.SERVICE_UNAVAILABLE, "ingest is not available; retry");
            }
            PublishDecision decision = d;
            ctx.executor().execute(() -> decided(ctx, streamId, decision));
        });
    }

    private String ingestUrl(int port) {
        String base = tcUrl.isEmpty() ? "rtmp://host:" + port + "/" + app : tcUrl;
        int q = base.indexOf('?');
        return q < 0 ? base : base.substring(0, q);
    }

    private void decided(ChannelHandlerContext ctx, int streamId, PublishDecision d) {
        if (phase == Phase.CLOSED) {
            if (d instanceof PublishDecision.Accept a) a.session().onClosed(ResultCodes.CLIENT_TERMINATED_SESSION);
            return;
        }
        if (d instanceof PublishDecision.Refuse r) {
            refuse(ctx, streamId, r.resultCode(), r.reason());
            return;
        }
        session = ((PublishDecision.Accept) d).session();
        accepted = session;
        phase = Phase.PUBLISHING;
        everPublished = true;
        decoder.publishAccepted();
        ctx.channel().config().setAutoRead(true);
        session.onStart(new IngestConnection() {
            @Override
            public void close(String code) { ctx.executor().execute(() -> RtmpSession.this.close(ctx, "closed_by_channel", code)); }

            @Override
            public void reading(boolean on) { ctx.executor().execute(() -> readingByStage(ctx, on)); }
        });
        write(ctx, CSID_CONTROL, RtmpMessage.USER_CONTROL, 0, new byte[] {0, 0, 0, 0, 0, (byte) streamId});
        write(ctx, CSID_COMMAND, RtmpMessage.COMMAND_AMF0, streamId, Amf0.encode("onStatus", 0.0, null,
                status("status", "NetStream.Publish.Start", "Publishing.")));
        LOG.info(() -> "event=rtmp_publish_started " + who());
        for (RtmpMessage m = media.nextHeld(); m != null && phase == Phase.PUBLISHING; m = media.nextHeld()) media(ctx, m);
        media.dropHeld();
    }

    /** The channel's stage is full (or drained again): stop or resume reading the socket. */
    private void readingByStage(ChannelHandlerContext ctx, boolean on) {
        if (phase != Phase.PUBLISHING || pausedByStage == !on) return;
        pausedByStage = !on;
        decoder.readingPaused(!on);
        ctx.channel().config().setAutoRead(on);
        LOG.fine(() -> "event=rtmp_reading " + who() + " on=" + on);
    }

    private void refuse(ChannelHandlerContext ctx, int streamId, String code, String reason) {
        LOG.info(() -> "event=rtmp_publish_refused " + who() + " resultCode=" + code);
        phase = Phase.CLOSED;
        media.dropHeld();
        ctx.writeAndFlush(new RtmpMessage(CSID_COMMAND, RtmpMessage.COMMAND_AMF0, 0, streamId, Amf0.encode("onStatus", 0.0, null,
                status("error", "NetStream.Publish.BadName", reason + " (" + code + ")")))).addListener(ChannelFutureListener.CLOSE);
    }

    private void media(ChannelHandlerContext ctx, RtmpMessage m) {
        if (phase == Phase.AUTHORIZING) {
            media.hold(m);
            return;
        }
        if (phase != Phase.PUBLISHING) return;
        RtmpMedia.Cut cut = media.deliver(session, m);
        if (cut != null) close(ctx, cut.reason(), cut.resultCode());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!pausedByStage) close(ctx, "idle", ResultCodes.SESSION_IDLE_TIMEOUT);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RtmpProtocolException || c instanceof AmfException || c instanceof FlvException) {
            close(ctx, "protocol_error", ResultCodes.PROTOCOL_ERROR, c.getMessage());
        } else if (c instanceof java.io.IOException) {
            close(ctx, "io_error", ResultCodes.CLIENT_TERMINATED_SESSION);
        } else {
            LOG.log(java.util.logging.Level.WARNING, "event=rtmp_session_failed " + who(), c);
            close(ctx, "internal_error", ResultCodes.CLIENT_TERMINATED_SESSION);
        }
    }

    private void close(ChannelHandlerContext ctx, String reason, String resultCode) {
        close(ctx, reason, resultCode, null);
    }

    private void close(ChannelHandlerContext ctx, String reason, String resultCode, String detail) {
        if (phase == Phase.CLOSED && !ctx.channel().isActive()) return;
        LOG.info(() -> "event=rtmp_connection_closed " + who() + " reason=" + reason
                + (detail == null ? "" : " detail=\"" + detail.replace('"', '\'') + "\""));
        if (resultCode != null) finish(resultCode);
        phase = Phase.CLOSED;
        media.dropHeld();
        ctx.close();
    }

    /** Ends the publishing session once, with the first reason given. */
    private void finish(String resultCode) {
        if (session != null) {
            PublishSession s = session;
            session = null;
            s.onClosed(resultCode);
        }
        if (phase == Phase.PUBLISHING) phase = Phase.CONNECTED;
    }

    private void result(ChannelHandlerContext ctx, double txn, Object props, Object info) {
        write(ctx, CSID_COMMAND, RtmpMessage.COMMAND_AMF0, 0, Amf0.encode("_result", txn, props, info));
    }

    private String who() { return PublishSession.who(remote, accepted); }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", code);
        m.put("description", description);
        return m;
    }

    private static void write(ChannelHandlerContext ctx, int csid, int type, int streamId, byte[] payload) {
        ctx.writeAndFlush(new RtmpMessage(csid, type, 0, streamId, payload));
    }

    private static byte[] u32(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }

    private static int u32(byte[] p) {
        return ((p[0] & 0xff) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    }
}
