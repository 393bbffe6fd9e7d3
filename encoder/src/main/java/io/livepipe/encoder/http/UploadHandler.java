package io.livepipe.encoder.http;

import io.livepipe.http.HostField;
import io.livepipe.http.MalformedRequestException;
import io.livepipe.http.RequestTarget;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Between the HTTP decoder and the aggregator: requests an {@link UploadRoute} takes bypass the
 * aggregator, their body going to the route's upload piece by piece; everything else passes on.
 * The upload's answer goes down the pipeline as an {@link Answer}, which the connection writes in
 * its turn. While an ended upload waits for its answer nothing more is read, so no later request
 * can be answered before it.
 */
final class UploadHandler extends ChannelInboundHandlerAdapter {
    /** An upload's answer; {@code close} when the connection must end after it. */
    record Answer(HostResponse response, boolean close) { }

    private final UploadRoute route;
    private final RequestDeadline deadline;
    private UploadRoute.Upload upload;
    private boolean ended;
    private boolean answered;
    private boolean keepAlive;

    UploadHandler(UploadRoute route, RequestDeadline deadline) {
        this.route = route;
        this.deadline = deadline;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upload == null && msg instanceof HttpRequest req && !req.decoderResult().isFailure()
                && route.takes(req.method().name(), rawPath(req.uri()))) {
            HostRequest head = head(req);
            if (head != null) {
                start(ctx, req, head);
                if (msg instanceof HttpContent c) body(ctx, c);
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (upload != null && msg instanceof HttpContent c) {
            try {
                body(ctx, c);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req, HostRequest head) {
        keepAlive = HttpUtil.isKeepAlive(req);
        ended = false;
        answered = false;
        deadline.suspend();
        upload = route.open(head, new Exchange(ctx));
    }

    private void body(ChannelHandlerContext ctx, HttpContent c) {
        UploadRoute.Upload u = upload;
        if (!answered && c.content().isReadable()) u.data(ByteBufUtil.getBytes(c.content()));
        if (c instanceof LastHttpContent) {
            ended = true;
            deadline.resume();
            if (answered) {
                upload = null;
            } else {
                ctx.channel().config().setAutoRead(false);
                u.end();
            }
        }
    }

    private void answer(ChannelHandlerContext ctx, HostResponse response) {
        if (answered || upload == null) return;
        answered = true;
        boolean close = !ended || !keepAlive;
        if (ended) upload = null;
        ctx.fireChannelRead(new Answer(response, close));
        if (!close) ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A body that arrived whole stands, even if its sender left before the answer (FFmpeg's
        // low-latency PUTs close as soon as they sent a segment): only an upload cut mid-body is aborted.
        if (upload != null && !answered && !ended) {
            answered = true;
            upload.aborted();
        }
        upload = null;
        ctx.fireChannelInactive();
    }

    private static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The request's head as routes see it, or null when its target or Host is bad (the connection then answers 400). */
    private static HostRequest head(HttpRequest req) {
        try {
            HostField.check(!req.protocolVersion().equals(HttpVersion.HTTP_1_0), req.headers().getAll(HttpHeaderNames.HOST));
            RequestTarget target = RequestTarget.parse(req.uri());
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, String> h : req.headers()) headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            return new HostRequest(req.method().name(), target.rawPath(), target.rawQuery(), target.query(), headers, new byte[0]);
        } catch (MalformedRequestException e) {
            return null;
        }
    }

    private final class Exchange implements UploadExchange {
        private final ChannelHandlerContext ctx;

        Exchange(ChannelHandlerContext ctx) { this.ctx = ctx; }

        @Override
        public void answer(HostResponse response) { ctx.executor().execute(() -> UploadHandler.this.answer(ctx, response)); }

        @Override
        public void reading(boolean on) { ctx.executor().execute(() -> ctx.channel().config().setAutoRead(on)); }

        @Override
        public InetSocketAddress remote() { return (InetSocketAddress) ctx.channel().remoteAddress(); }

        @Override
        public int localPort() { return ((InetSocketAddress) ctx.channel().localAddress()).getPort(); }
    }
}
