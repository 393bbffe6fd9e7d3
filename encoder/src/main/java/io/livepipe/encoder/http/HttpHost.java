package io.livepipe.encoder.http;

import io.livepipe.http.HostField;
import io.livepipe.http.HttpLimits;
import io.livepipe.http.MalformedRequestException;
import io.livepipe.http.Refusal;
import io.livepipe.http.RequestTarget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * livepipe's HTTP/1.1 server (Netty), shared by the local host and the encoder service's origin.
 * It reads whole requests within {@link HttpLimits}, checks each request's target and Host field
 * (shared {@link RequestTarget}, {@link HostField}: 400 and close otherwise, before any routing),
 * hands it to a bounded worker pool (routes may block on storage; a full pool answers 503) and
 * writes the answers of a connection in the order its requests came (RFC 9112 §9.3.2), however
 * the workers finish. A request not read whole within the deadline is answered 408 and closed.
 * HEAD answers carry the Content-Length of the GET answer and no body.
 */
public final class HttpHost implements AutoCloseable {
    static final int WORKERS = 32;
    static final int QUEUE = 1024;
    private static final Logger LOG = Logger.getLogger(HttpHost.class.getName());

    private final String name;
    private final HttpLimits limits;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ThreadPoolExecutor workers;
    /** How long a connection that was answered and shut still reads (and drops) what its client sends. */
    static final long LINGER_MILLIS = 2000;
    private final Dispatch.Dispatcher dispatcher;
    private final UploadRoute uploads;
    private Channel channel;

    /** {@code name} names the worker threads; {@code router} answers every well-formed request. */
    public HttpHost(String name, HttpLimits limits, Function<HostRequest, HostResponse> router) { this(name, limits, router, null); }

    /** As above, with the requests {@code uploads} takes streamed to it instead ({@link UploadRoute}; null: none). */
    public HttpHost(String name, HttpLimits limits, Function<HostRequest, HostResponse> router, UploadRoute uploads) {
        this(name, limits, uploads, onWorkers(request -> CompletableFuture.completedFuture(router.apply(request))));
    }

    /**
     * With a router that may answer later ({@code router} returns at once; the answer completes
     * when it is ready): a request it holds — a blocking playlist reload, a part not made yet —
     * takes no thread while it waits. The router must see that every stage it returns completes
     * (it bounds the wait itself).
     */
    public HttpHost(String name, HttpLimits limits, UploadRoute uploads, Function<HostRequest, CompletionStage<HostResponse>> router) {
        this(name, limits, uploads, onWorkers(router));
    }

    private static Dispatch.Dispatcher onWorkers(Function<HostRequest, CompletionStage<HostResponse>> router) {
        Dispatch all = new Dispatch(router, false);
        return request -> all;
    }

    /**
     * As above, with each request's route and thread chosen by {@code dispatcher}: the requests
     * whose {@link Dispatch} is {@code onEventLoop} are routed on the connection's event loop, not
     * handed to a worker: for routes that answer from memory or from local files without waiting
     * (as nginx serves files from its event loop), where the hop to a worker and back — two thread
     * wake-ups — costs more than the answer, most of all on a loaded machine.
     */
    public static HttpHost dispatching(String name, HttpLimits limits, UploadRoute uploads, Dispatch.Dispatcher dispatcher) {
        return new HttpHost(name, limits, uploads, dispatcher);
    }

    private HttpHost(String name, HttpLimits limits, UploadRoute uploads, Dispatch.Dispatcher dispatcher) {
        this.name = name;
        this.limits = limits;
        this.dispatcher = dispatcher;
        this.uploads = uploads;
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name + "-http");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and returns the bound port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException { return start(host, port, null); }

    /** As {@link #start(String, int)}, speaking TLS with {@code tls} (null: plain HTTP) on that port. */
    public int start(String host, int port, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestDeadline deadline = new RequestDeadline(limits.requestDeadline());
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline()
                                .addLast(new IdleStateHandler(limits.idle().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(deadline.bytesIn())
                                .addLast(new HttpServerCodec(limits.maxInitialLine(), limits.maxHeaderBytes(), 8192))
                                .addLast(deadline.messageEnd());
                        if (uploads != null) ch.pipeline().addLast(new UploadHandler(uploads, deadline));
                        ch.pipeline()
                                .addLast(new Aggregator(limits.maxBodyBytes()))
                                .addLast(new Connection(deadline));
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    @Override
    public void close() {
        if (channel != null) channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }

    /** A request whose declared body is over the limit; answered 413 in its turn (the aggregator would answer at once). */
    private record Oversized(boolean head) { }

    private static final class Aggregator extends HttpObjectAggregator {
        Aggregator(int maxBody) { super(maxBody); }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.fireChannelRead(new Oversized(oversized instanceof HttpRequest r && r.method().equals(HttpMethod.HEAD)));
        }
    }

    /**
     * One connection's requests and answers, on its event loop only. Requests are numbered as they
     * are read; an answer waits in {@code ready} until every earlier one is written. Reading pauses
     * while {@link HttpLimits#maxPipelined()} answers are owed.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final RequestDeadline deadline;
        private final Map<Long, ResponseWriter.Answer> ready = new HashMap<>();
        private long received;
        private long written;
        private boolean closing;
        private boolean shut;

        Connection(RequestDeadline deadline) { this.deadline = deadline; }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (closing) return;
                if (msg instanceof Oversized o) {
                    refuse(ctx, HostResponse.problem(413, "request body over " + limits.maxBodyBytes() + " bytes"), o.head());
                } else if (msg instanceof FullHttpRequest req) {
                    request(ctx, req);
                } else if (msg instanceof UploadHandler.Answer a) {
                    if (a.close()) refuse(ctx, a.response(), false);
                    else answer(ctx, received++, new ResponseWriter.Answer(a.response(), false, false));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void request(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean head = req.method().equals(HttpMethod.HEAD);
            if (req.decoderResult().isFailure()) {
                refuse(ctx, HostResponse.problem(400, "malformed HTTP request"), head);
                return;
            }
            HostRequest request;
            try {
                HostField.check(!req.protocolVersion().equals(HttpVersion.HTTP_1_0), req.headers().getAll(HttpHeaderNames.HOST));
                request = toHostRequest(req);
            } catch (MalformedRequestException e) {
                refuse(ctx, HostResponse.refused(e), head);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!keepAlive) closing = true;
            long seq = received++;
            if (received - written >= limits.maxPipelined()) ctx.channel().config().setAutoRead(false);
            Dispatch dispatch;
            try {
                dispatch = dispatcher.dispatch(request);
            } catch (RuntimeException e) {
                dispatch = new Dispatch(r -> CompletableFuture.failedFuture(e), true);
            }
            if (dispatch.onEventLoop()) {
                route(ctx, request, dispatch, seq, head, keepAlive);
                return;
            }
            Dispatch onWorker = dispatch;
            try {
                workers.execute(() -> route(ctx, request, onWorker, seq, head, keepAlive));
            } catch (RejectedExecutionException e) {
                closing = true;
                LOG.warning(() -> "event=request_refused server=" + name + " status=503 reason=workers_busy");
                answer(ctx, seq, new ResponseWriter.Answer(HostResponse.problem(503, "busy; retry"), head, true));
            }
        }

        /** Routes a request (on a worker, or on the event loop when its dispatch says so) and answers it in its turn. */
        private void route(ChannelHandlerContext ctx, HostRequest request, Dispatch dispatch, long seq, boolean head, boolean keepAlive) {
            CompletionStage<HostResponse> response;
            try {
                response = dispatch.handler().apply(request);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((done, failure) -> {
                HostResponse r = done;
                Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure;
                if (cause instanceof Refusal refusal) {
                    r = HostResponse.refused(refusal);
                } else if (failure != null || r == null) {
                    // no path or query here: they may carry preview tokens, keys and codes
                    LOG.log(Level.WARNING, "event=request_failed server=" + name + " method=" + request.method()
                            + " error=" + (cause == null ? "null" : cause.getClass().getSimpleName() + " message=\"" + cause.getMessage() + "\""), cause);
                    r = HostResponse.problem(500, "internal error");
                }
                // a streamed body has no length: the connection ends with it (nothing is pipelined behind it)
                ResponseWriter.Answer a = new ResponseWriter.Answer(r, head, !keepAlive || r.stream() != null);
                if (dispatch.onEventLoop() && ctx.executor().inEventLoop()) { // answered at once: written now, no task
                    answer(ctx, seq, a);
                    return;
                }
                try {
                    ctx.executor().execute(() -> answer(ctx, seq, a));
                } catch (RejectedExecutionException stopping) {
                    ResponseWriter.release(a.response());
                }
            });
        }

        /** Answers a request the host does not route, in its turn, and ends the connection after it. */
        private void refuse(ChannelHandlerContext ctx, HostResponse response, boolean head) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            answer(ctx, received++, new ResponseWriter.Answer(response, head, true));
        }

        /**
         * Ends a connection after an answer that closes it while the client may still be sending
         * (a 413 for a body it goes on uploading): our side is shut first and what still arrives is
         * read and dropped for {@link #LINGER_MILLIS}, so that the client's stack delivers our
         * answer instead of the reset a close with unread bytes would send (RFC 9112 §9.6).
         */
        private void lingerAndClose(ChannelHandlerContext ctx) {
            if (!(ctx.channel() instanceof SocketChannel s) || !s.isActive()) {
                ctx.close();
                return;
            }
            s.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext c, Object msg) { ReferenceCountUtil.release(msg); }
            });
            s.shutdownOutput().addListener(f -> {
                s.config().setAutoRead(true);
                s.eventLoop().schedule(() -> { s.close(); }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            });
        }

        private void answer(ChannelHandlerContext ctx, long seq, ResponseWriter.Answer a) {
            if (shut) {
                ResponseWriter.release(a.response());
                return;
            }
            ready.put(seq, a);
            for (ResponseWriter.Answer next = ready.remove(written); next != null; next = ready.remove(written)) {
                written++;
                ChannelFuture done = ResponseWriter.write(ctx, next);
                if (next.close()) {
                    done.addListener(f -> lingerAndClose(ctx));
                    shut = true;
                    ready.values().forEach(rest -> ResponseWriter.release(rest.response()));
                    ready.clear();
                    return;
                }
            }
            if (!closing && received - written < limits.maxPipelined()) ctx.channel().config().setAutoRead(true);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == RequestDeadline.EXPIRED) {
                LOG.fine(() -> "event=request_deadline server=" + name + " seconds=" + limits.requestDeadline().toSeconds());
                if (!closing) {
                    refuse(ctx, HostResponse.problem(408, "the request did not arrive whole within "
                            + limits.requestDeadline().toSeconds() + " s"), false);
                } else if (received == written) {
                    ctx.close();
                }
            } else if (evt instanceof IdleStateEvent && received == written && !deadline.armed()) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            shut = true;
            ready.values().forEach(rest -> ResponseWriter.release(rest.response()));
            ready.clear();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.fine(() -> "event=connection_error server=" + name + " error=" + cause.getClass().getSimpleName()
                    + " message=\"" + cause.getMessage() + "\"");
            ctx.close();
        }
    }

    private static HostRequest toHostRequest(FullHttpRequest req) {
        RequestTarget target = RequestTarget.parse(req.uri());
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : req.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        return new HostRequest(req.method().name(), target.rawPath(), target.rawQuery(), target.query(), headers,
                ByteBufUtil.getBytes(req.content()));
    }

}
