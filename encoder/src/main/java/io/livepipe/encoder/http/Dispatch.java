package io.livepipe.encoder.http;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Where {@link HttpHost} sends a request: the handler that answers it, and whether it runs on the
 * connection's event loop ({@code onEventLoop}) or on a worker. A host's dispatcher decides both
 * at once from the request, so a route is matched once per request; it returns one of a few
 * {@code Dispatch} values it made up front.
 *
 * @param handler answers the request; returns at once, and the stage completes when the answer is ready
 * @param onEventLoop true for routes that answer from memory or local files without waiting
 */
public record Dispatch(Function<HostRequest, CompletionStage<HostResponse>> handler, boolean onEventLoop) {

    /** Picks the {@link Dispatch} of a request. */
    @FunctionalInterface
    public interface Dispatcher {
        Dispatch dispatch(HostRequest request);
    }
}
