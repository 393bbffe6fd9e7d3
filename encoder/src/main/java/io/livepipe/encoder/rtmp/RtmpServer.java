package io.livepipe.encoder.rtmp;

import io.livepipe.encoder.publish.IngestGate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The RTMP ingest listener on Netty (epoll on Linux, NIO elsewhere), and RTMPS beside it on a port of its own (TLS first, then the
 * same pipeline): the connection caps at accept, then handshake, chunks, session, per connection; one {@link BufferBudget} bounds what all connections' partial
 * messages hold together.
 */
public final class RtmpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RtmpServer.class.getName());
    /** Gate decisions in flight at once; beyond this a publish waits in the queue. */
    static final int GATE_THREADS = 8;

    private final IngestGate gate;
    private final RtmpLimits limits;
    private final BufferBudget budget;
    private final ConnectionLimiter limiter;
    /**
     * Event-loop threads: one per core. Nothing on a loop waits (the gate and the channel's stage
     * run elsewhere), so more threads than cores only add wake-ups and context switches.
     */
    static final int LOOP_THREADS = Runtime.getRuntime().availableProcessors();
    /**
     * Linux's epoll through Netty's native transport where its library loads, the JDK's NIO
     * selector elsewhere. Edge-triggered epoll skips the selector's ready-key sets and locks: about
     * a tenth less event-loop CPU per publishing channel (bench/rtmp-ingest.sh, docs/performance.md).
     */
    static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, ioHandlers());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(LOOP_THREADS, ioHandlers());
    private final ThreadPoolExecutor blocking = new ThreadPoolExecutor(GATE_THREADS, GATE_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "rtmp-gate");
                t.setDaemon(true);
                return t;
            });
    private final java.util.List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RtmpServer(IngestGate gate, RtmpLimits limits) {
        this.gate = gate;
        this.limits = limits;
        this.budget = new BufferBudget(limits.maxBufferedBytesTotal());
        this.limiter = new ConnectionLimiter(limits, System::nanoTime);
    }

    private static IoHandlerFactory ioHandlers() { return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(); }

    /** Binds RTMP and returns the bound port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException { return bind(host, port, null); }

    /**
     * Binds RTMPS (RTMP in TLS, Netty's {@link SslHandler} in front of the same pipeline) and returns
     * the bound port. Its connections count against the same caps and buffer budget as RTMP's.
     */
    public int startTls(String host, int port, SslContext tls) throws InterruptedException { return bind(host, port, tls); }

    private int bind(String host, int port, SslContext tls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .handler(limiter)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RtmpDecoder decoder = new RtmpDecoder(limits, budget, System::nanoTime);
                        RtmpChunkWriter encoder = new RtmpChunkWriter();
                        if (tls != null) {
                            SslHandler ssl = tls.newHandler(ch.alloc());
                            // the TLS handshake counts against the RTMP handshake's time, not beside it
                            ssl.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("decoder", decoder)
                                .addLast("encoder", encoder)
                                .addLast("session", new RtmpSession(gate, blocking, limits, decoder, encoder));
                    }
                });
        Channel channel = b.bind(host, port).sync().channel();
        channels.add(channel);
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        String scheme = tls == null ? "rtmp" : "rtmps";
        LOG.info(() -> "event=" + scheme + "_listening port=" + bound);
        return bound;
    }

    /** Bytes the partial messages of all connections hold now. */
    public long bufferedBytes() { return budget.held(); }

    /** The most {@link #bufferedBytes()} has been since the server started. */
    public long peakBufferedBytes() { return budget.peak(); }

    /** Connections held now (refused ones are never counted). */
    public int connections() { return limiter.connections(); }

    @Override
    public void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }
}
