package io.livepipe.encoder.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The caps on RTMP connections, in all and per remote address, applied on the listening
 * channel as each connection is accepted (in accept order, on the acceptor's thread): one over
 * a cap is closed at once, before any handler or buffer is made for it, and logged (at most
 * {@link #LOG_LINES_PER_SECOND} lines a second, the next line saying how many went unlogged, so
 * a connect flood cannot flood the log). A connection's slot is freed when it closes. No event: the connection is refused
 * before a channel or stream key is known, like a bad ingest URL.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ConnectionLimiter.class.getName());
    static final int LOG_LINES_PER_SECOND = 10;

    private final int maxConnections;
    private final int maxPerAddress;
    private final LongSupplier nanos;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int total;
    private long logWindowStart;
    private int logLines;
    private long unlogged;

    ConnectionLimiter(RtmpLimits limits, LongSupplier nanos) {
        this.maxConnections = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerAddress();
        this.nanos = nanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (!(child.remoteAddress() instanceof InetSocketAddress remote)) {
            child.unsafe().closeForcibly(); // the peer left before it was accepted
            return;
        }
        InetAddress address = remote.getAddress();
        String refusal = admit(address);
        if (refusal != null) {
            // Not registered with an event loop yet: close the socket here and now.
            child.unsafe().closeForcibly();
            logRefusal(child, refusal);
            return;
        }
        child.closeFuture().addListener(f -> leave(address));
        ctx.fireChannelRead(child);
    }

    /** Null if the connection may stay, else why not. */
    private synchronized String admit(InetAddress address) {
        if (total >= maxConnections) return "too_many_connections limit=" + maxConnections;
        int from = byAddress.getOrDefault(address, 0);
        if (from >= maxPerAddress) return "too_many_connections_from_address limit=" + maxPerAddress;
        total++;
        byAddress.put(address, from + 1);
        return null;
    }

    private synchronized void leave(InetAddress address) {
        total--;
        byAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    /** Connections held now. */
    synchronized int connections() { return total; }

    private void logRefusal(Channel child, String reason) {
        long suppressed;
        synchronized (this) {
            long now = nanos.getAsLong();
            if (logLines == 0 || now - logWindowStart >= 1_000_000_000L) {
                logWindowStart = now;
                logLines = 0;
            }
            if (++logLines > LOG_LINES_PER_SECOND) {
                unlogged++;
                return;
            }
            suppressed = unlogged;
            unlogged = 0;
        }
        LOG.info(() -> "event=rtmp_connection_refused remote=" + child.remoteAddress() + " reason=" + reason
                + (suppressed > 0 ? " unloggedRefusals=" + suppressed : ""));
    }
}
