package io.livepipe.encoder.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Writes {@link HttpHost}'s answers onto a connection: a whole body (with its rest, when it has
 * one, wrapped where it lies), a local file's slice by sendfile, or a streamed body in chunks;
 * HEAD answers carry the length and no body. On the connection's event loop only.
 */
final class ResponseWriter {
    private ResponseWriter() { }

    /** An answer in its turn: the response, whether its request was HEAD, and whether the connection ends after it. */
    record Answer(HostResponse response, boolean head, boolean close) { }

    static void release(HostResponse r) {
        if (r.file() != null) r.file().close();
    }

    /** Headers now, then each chunk as the source makes it, on the connection's event loop; the future completes after the last. */
    private static ChannelFuture writeStreamed(ChannelHandlerContext ctx, Answer a) {
        HostResponse r = a.response();
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelPromise done = ctx.newPromise();
        if (a.head()) {
            ctx.write(res);
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> done.trySuccess());
            return done;
        }
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.writeAndFlush(res);
        r.stream().subscribe(chunk -> ctx.executor().execute(() -> {
            if (ctx.channel().isActive() && chunk.length > 0) {
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
            }
        }), () -> ctx.executor().execute(() -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> done.trySuccess())));
        return done;
    }

    /** The body, with its rest after it when it has one: both wrapped where they are, not copied. */
    private static ByteBuf content(HostResponse r) {
        if (r.rest() == null) return Unpooled.wrappedBuffer(r.body());
        return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(r.body()), Unpooled.wrappedBuffer(r.rest().array(), r.rest().offset(), r.rest().length()));
    }

    static ChannelFuture write(ChannelHandlerContext ctx, Answer a) {
        HostResponse r = a.response();
        if (r.stream() != null) return writeStreamed(ctx, a);
        HttpResponse res;
        if (r.file() != null) {
            res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        } else {
            res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                    a.head() ? Unpooled.EMPTY_BUFFER : content(r));
        }
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.contentLength());
        res.headers().set(HttpHeaderNames.CONNECTION, a.close() ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        if (r.file() == null) return ctx.writeAndFlush(res);
        if (a.head()) {
            r.file().close();
            ctx.write(res);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        // sendfile: the region owns the channel and closes it once written (or on failure)
        ctx.write(res);
        ctx.write(new DefaultFileRegion(r.file().channel(), r.file().offset(), r.file().length()));
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
}
