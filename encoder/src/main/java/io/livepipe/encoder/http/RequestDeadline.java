package io.livepipe.encoder.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's request deadline: armed by the first byte of a request (before the HTTP
 * decoder, which would see nothing of a header still trickling in), disarmed by the request's
 * last content (after the decoder). If it runs out, {@link #EXPIRED} goes down the pipeline as a
 * user event, for the connection to answer 408 and close. A request that begins in the same read
 * as the previous one ends is armed by the next read; the idle limit bounds the wait for it.
 */
final class RequestDeadline {
    /** The user event fired when a request did not arrive whole in time. */
    static final Object EXPIRED = new Object() {
        @Override public String toString() { return "RequestDeadline.EXPIRED"; }
    };

    private final long nanos;
    private ScheduledFuture<?> timer;
    /** An upload's body streams for as long as its sender goes on: no deadline then, the idle limit instead. */
    private boolean suspended;

    RequestDeadline(Duration deadline) { this.nanos = deadline.toNanos(); }

    /** Goes before the HTTP decoder: any bytes arm the deadline if it is not armed. */
    ChannelHandler bytesIn() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (timer == null && !suspended) {
                    timer = ctx.executor().schedule(() -> {
                        timer = null;
                        ctx.fireUserEventTriggered(EXPIRED);
                    }, nanos, TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                disarm();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes after the HTTP decoder: a request's last content disarms the deadline. */
    ChannelHandler messageEnd() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent) disarm();
                ctx.fireChannelRead(msg);
            }
        };
    }

    boolean armed() { return timer != null; }

    /** For a request whose body is an open-ended upload: disarmed until {@link #resume()}. */
    void suspend() {
        suspended = true;
        disarm();
    }

    void resume() { suspended = false; }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
