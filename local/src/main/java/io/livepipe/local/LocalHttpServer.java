package io.livepipe.local;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The local host's HTTP server (Netty): reads whole requests up to {@link #MAX_BODY_BYTES},
 * hands them to a bounded worker pool (functions may block on storage) and writes the answer.
 * A full pool answers 503 rather than queueing without bound.
 */
final class LocalHttpServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 16384;
    static final int WORKERS = 32;
    static final int QUEUE = 1024;
    static final int IDLE_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(LocalHttpServer.class.getName());

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "http-worker");
                t.setDaemon(true);
                return t;
            });
    private final Function<HostRequest, HostResponse> router;
    private Channel channel;

    LocalHttpServer(Function<HostRequest, HostResponse> router) {
        this.router = router;
    }

    /** Binds and returns the bound port (0 picks a free one). */
    int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(IDLE_SECONDS))
                                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192))
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(new Handler());
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.decoderResult().isFailure()) {
                write(ctx, HostResponse.problem(400, "malformed HTTP request"), false, false);
                return;
            }
            HostRequest request = toHostRequest(req);
            boolean head = req.method().equals(HttpMethod.HEAD);
            try {
                workers.execute(() -> {
                    HostResponse response;
                    try {
                        response = router.apply(request);
                    } catch (RuntimeException e) {
                        LOG.warning(() -> "event=request_failed path=" + request.rawPath() + " error=" + e.getClass().getSimpleName());
                        response = HostResponse.problem(500, "internal error");
                    }
                    HostResponse r = response;
                    ctx.executor().execute(() -> write(ctx, r, keepAlive, head));
                });
            } catch (RejectedExecutionException e) {
                write(ctx, HostResponse.problem(503, "busy; retry"), false, head);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.fine(() -> "event=connection_error error=" + cause.getClass().getSimpleName());
            ctx.close();
        }
    }

    private static HostRequest toHostRequest(FullHttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        Map<String, String> query = new HashMap<>();
        try {
            for (Map.Entry<String, List<String>> e : new QueryStringDecoder(uri).parameters().entrySet()) {
                if (!e.getValue().isEmpty()) query.put(e.getKey(), e.getValue().get(0));
            }
        } catch (IllegalArgumentException e) {
            query.clear();
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : req.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        return new HostRequest(req.method().name(), rawPath, rawQuery, query, headers, ByteBufUtil.getBytes(req.content()));
    }

    private static void write(ChannelHandlerContext ctx, HostResponse r, boolean keepAlive, boolean head) {
        HttpResponse res;
        if (r.file() != null) {
            res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        } else {
            res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        }
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.contentLength());
        if (keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ChannelFuture done;
        if (r.file() == null) {
            done = ctx.writeAndFlush(res);
        } else if (head) {
            r.file().close();
            ctx.write(res);
            done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            // sendfile: the region owns the channel and closes it once written (or on failure)
            ctx.write(res);
            ctx.write(new DefaultFileRegion(r.file().channel(), r.file().offset(), r.file().length()));
            done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        if (!keepAlive) done.addListener(ChannelFutureListener.CLOSE);
    }
}
